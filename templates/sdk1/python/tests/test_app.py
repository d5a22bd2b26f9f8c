"""The app as ChatGPT sees it: the official MCP client over real HTTP."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from server import __version__
from server.dice import roll_dice

T = TypeVar("T")
MANIFEST = Path(__file__).resolve().parent.parent / "dist" / "manifest.json"


def with_session(base_url: str, use: Callable[[ClientSession], Awaitable[T]]) -> T:
    async def run() -> T:
        async with streamable_http_client(f"{base_url}/mcp") as (read, write, _):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await use(session)

    return asyncio.run(run())


def built_widget(name: str) -> dict[str, Any]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return next(w for w in manifest["widgets"] if w["name"] == name)


def test_roll_dice_is_listed_with_everything_chatgpt_reads(base_url: str) -> None:
    tools = with_session(base_url, lambda s: s.list_tools())
    tool = next(t for t in tools.tools if t.name == "roll_dice")
    listed = tool.model_dump(by_alias=True, exclude_none=True)
    assert tool.title == "Roll dice"
    assert tool.annotations is not None
    # Rolling writes the widget session's history.
    assert (tool.annotations.readOnlyHint, tool.annotations.destructiveHint, tool.annotations.openWorldHint) == (False, False, False)
    assert set(tool.inputSchema["properties"]) == {"count", "sides", "session"}
    assert tool.outputSchema is not None and tool.outputSchema["type"] == "object"
    assert set(tool.outputSchema["properties"]) == {"rolls", "total", "sides", "session", "history"}
    assert listed["securitySchemes"] == [{"type": "noauth"}]
    meta = listed["_meta"]
    assert meta["securitySchemes"] == [{"type": "noauth"}]
    uri = built_widget("dice")["uri"]
    assert meta["ui"]["resourceUri"] == uri
    assert meta["openai/outputTemplate"] == uri
    assert meta["ui"]["visibility"] == ["model", "app"]


def test_roll_dice_returns_the_dice_and_a_summary(base_url: str) -> None:
    result = with_session(base_url, lambda s: s.call_tool("roll_dice", {"count": 3, "sides": 6}))
    assert not result.isError, result.content
    roll = result.structuredContent
    assert roll is not None
    assert len(roll["rolls"]) == 3 and roll["sides"] == 6
    assert all(1 <= v <= 6 for v in roll["rolls"])
    assert roll["total"] == sum(roll["rolls"])
    assert f"total {roll['total']}" in result.content[0].text
    assert roll["history"] == [{"rolls": roll["rolls"], "total": roll["total"], "sides": 6}]
    assert result.meta is not None and result.meta["openai/widgetSessionId"] == roll["session"]


def test_roll_dice_keeps_a_history_per_widget_session(base_url: str) -> None:
    async def rolls(session: ClientSession) -> list[Any]:
        first = await session.call_tool("roll_dice", {"count": 1, "sides": 6})
        again = await session.call_tool("roll_dice", {"count": 2, "sides": 20, "session": first.structuredContent["session"]})
        return [first.structuredContent, again.structuredContent]

    first, again = with_session(base_url, rolls)
    assert again["session"] == first["session"]
    assert [len(r["rolls"]) for r in again["history"]] == [1, 2]


def test_roll_dice_refuses_arguments_outside_the_schema(base_url: str) -> None:
    result = with_session(base_url, lambda s: s.call_tool("roll_dice", {"count": 0}))
    assert result.isError


def test_the_widget_is_served_as_built(base_url: str) -> None:
    built = built_widget("dice")
    result = with_session(base_url, lambda s: s.read_resource(built["uri"]))
    contents = result.contents[0].model_dump(by_alias=True)
    assert contents["mimeType"] == "text/html;profile=mcp-app"
    assert contents["text"].lower().startswith("<!doctype html>")
    assert contents["_meta"] == built["_meta"]
    # A stale hash still gets the current widget.
    stale = with_session(base_url, lambda s: s.read_resource("ui://widget/dice-000000000000.html"))
    assert stale.contents[0].text == contents["text"]


def test_unknown_hosts_are_refused_and_browser_clients_allowed(base_url: str) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    headers = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
    rebound = httpx.post(f"{base_url}/mcp", json=initialize, headers={**headers, "host": "evil.example"})
    assert rebound.status_code == 403
    assert rebound.json() == {
        "jsonrpc": "2.0",
        "error": {"code": -32000, "message": "Invalid Host: evil.example. Add it to ALLOWED_HOSTS (or set BASE_URL) to accept it."},
        "id": None,
    }
    preflight = httpx.options(
        f"{base_url}/mcp",
        headers={"origin": "http://localhost:6274", "access-control-request-method": "POST", "access-control-request-headers": "content-type, mcp-protocol-version"},
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:6274"
    browser = httpx.post(f"{base_url}/mcp", json=initialize, headers={**headers, "origin": "http://localhost:6274"})
    assert browser.status_code == 200
    assert "mcp-session-id" in browser.headers["access-control-expose-headers"]
    foreign = httpx.post(f"{base_url}/mcp", json=initialize, headers={**headers, "origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert foreign.json()["error"]["message"] == "Invalid Origin: https://evil.example."
    assert "access-control-allow-origin" not in foreign.headers


def test_clients_see_the_apps_name_and_version(base_url: str) -> None:
    info = with_session(base_url, lambda s: s.initialize()).serverInfo
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert info.version == __version__ == re.search(r'^version = "(.+)"$', pyproject, re.M)[1]


def test_roll_dice_adds_up_the_dice_it_rolled() -> None:
    values = iter([0.0, 0.5, 0.99])
    assert roll_dice(3, 6, lambda: next(values)).model_dump() == {"rolls": [1, 4, 6], "total": 11, "sides": 6}
