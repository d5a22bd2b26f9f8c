"""The account tools as ChatGPT lists them, through the official MCP client (AUTH_ISSUER unset: no token is checked)."""

from __future__ import annotations

import asyncio
from typing import Any

from mcp import Client

from test_app import tools_as_sent


def test_account_tools_declare_their_sign_in(base_url: str) -> None:
    async def run() -> tuple[list[dict[str, Any]], Any]:
        async with Client(f"{base_url}/mcp", mode="legacy") as client:
            return await tools_as_sent(client), await client.call_tool("greet", {})

    tools, greet = asyncio.run(run())
    schemes = {tool["name"]: tool.get("securitySchemes") for tool in tools}
    assert schemes["show_account"] == [{"type": "oauth2", "scopes": ["account:read"]}]
    assert schemes["greet"] == [{"type": "noauth"}, {"type": "oauth2", "scopes": ["account:read"]}]
    assert schemes["roll_dice"] == [{"type": "noauth"}]
    assert greet.structured_content == {"signedIn": False, "subject": None}
