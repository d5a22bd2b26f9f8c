"""The account tools as ChatGPT lists them, through the official MCP client (AUTH_ISSUER unset: no token is checked)."""

from __future__ import annotations

from typing import Any

from mcp import ClientSession

from test_app import with_session


def test_account_tools_declare_their_sign_in(base_url: str) -> None:
    async def use(session: ClientSession) -> tuple[Any, Any]:
        return await session.list_tools(), await session.call_tool("greet", {})

    tools, greet = with_session(base_url, use)
    schemes = {tool.name: tool.model_dump(by_alias=True, exclude_none=True).get("securitySchemes") for tool in tools.tools}
    assert schemes["show_account"] == [{"type": "oauth2", "scopes": ["account:read"]}]
    assert schemes["greet"] == [{"type": "noauth"}, {"type": "oauth2", "scopes": ["account:read"]}]
    assert schemes["roll_dice"] == [{"type": "noauth"}]
    assert greet.structuredContent == {"signedIn": False, "subject": None}
