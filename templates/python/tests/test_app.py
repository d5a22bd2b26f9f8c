"""The app as ChatGPT sees it: the official MCP client over real HTTP, in both protocol eras."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx2
import pytest
from mcp import Client, types
from pydantic import TypeAdapter

from server import __version__
from server.dice import roll_dice
from server import main

T = TypeVar("T")
MANIFEST = Path(__file__).resolve().parent.parent / "dist" / "manifest.json"
# "legacy": the 2025 era (initialize, then requests), as ChatGPT connects today.
# "auto": server/discover, then 2026-07-28 requests that carry their version in _meta.
ERAS = ["legacy", "auto"]


@pytest.fixture(params=ERAS, ids=["2025-era", "2026-era"])
def era(request: pytest.FixtureRequest) -> str:
    return request.param


def with_client(base_url: str, era: str, use: Callable[[Client], Awaitable[T]]) -> T:
    async def run() -> T:
        async with Client(f"{base_url}/mcp", mode=era) as client:
            return await use(client)

    return asyncio.run(run())


async def tools_as_sent(client: Client) -> list[dict[str, Any]]:
    """tools/list as the server sent it: the SDK's Tool model keeps only the keys it knows."""
    raw = await client.session.send_request(types.ListToolsRequest(), TypeAdapter(dict[str, Any]))
    return raw["tools"]


def built_widget(name: str) -> dict[str, Any]:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return next(w for w in manifest["widgets"] if w["name"] == name)


def test_roll_dice_is_listed_with_everything_chatgpt_reads(base_url: str, era: str) -> None:
    tools = with_client(base_url, era, lambda c: c.list_tools())
    tool = next(t for t in tools.tools if t.name == "roll_dice")
    assert tool.title == "Roll dice"
    assert tool.annotations is not None
    # Rolling writes the widget session's history.
    assert (tool.annotations.read_only_hint, tool.annotations.destructive_hint, tool.annotations.open_world_hint) == (False, False, False)
    assert set(tool.input_schema["properties"]) == {"count", "sides", "session"}
    assert tool.output_schema is not None and tool.output_schema["type"] == "object"
    assert set(tool.output_schema["properties"]) == {"rolls", "total", "sides", "session", "history"}
    sent = next(t for t in with_client(base_url, era, tools_as_sent) if t["name"] == "roll_dice")
    assert sent["securitySchemes"] == [{"type": "noauth"}]
    meta = sent["_meta"]
    assert meta["securitySchemes"] == [{"type": "noauth"}]
    uri = built_widget("dice")["uri"]
    assert meta["ui"]["resourceUri"] == uri
    assert meta["openai/outputTemplate"] == uri
    assert meta["ui"]["visibility"] == ["model", "app"]
    assert meta["openai/widgetAccessible"] is True
    assert tool.meta == meta


def test_2026_era_results_say_how_long_they_stay_fresh(base_url: str) -> None:
    async def listed(client: Client) -> dict[str, Any]:
        return await client.session.send_request(types.ListToolsRequest(), TypeAdapter(dict[str, Any]))

    result = with_client(base_url, "auto", listed)
    assert (result["ttlMs"], result["cacheScope"]) == (main.CACHE_TTL_MS, "private")


def test_roll_dice_returns_the_dice_and_a_summary(base_url: str, era: str) -> None:
    result = with_client(base_url, era, lambda c: c.call_tool("roll_dice", {"count": 3, "sides": 6}))
    assert not result.is_error, result.content
    roll = result.structured_content
    assert roll is not None
    assert len(roll["rolls"]) == 3 and roll["sides"] == 6
    assert all(1 <= v <= 6 for v in roll["rolls"])
    assert roll["total"] == sum(roll["rolls"])
    assert f"total {roll['total']}" in result.content[0].text
    assert roll["history"] == [{"rolls": roll["rolls"], "total": roll["total"], "sides": 6}]
    assert result.meta is not None and result.meta["openai/widgetSessionId"] == roll["session"]


def test_roll_dice_keeps_a_history_per_widget_session(base_url: str, era: str) -> None:
    never_minted = f"h_{secrets.token_urlsafe(16)}"

    async def rolls(client: Client) -> list[Any]:
        first = await client.call_tool("roll_dice", {"count": 1, "sides": 6})
        session = first.structured_content["session"]
        again = await client.call_tool("roll_dice", {"count": 2, "sides": 20, "session": session})
        other = await client.call_tool("roll_dice", {"count": 1, "sides": 6})
        # A handle this server never minted starts a history of its own.
        forged = await client.call_tool("roll_dice", {"count": 1, "sides": 6, "session": never_minted})
        return [first.structured_content, again.structured_content, other.structured_content, forged.structured_content]

    first, again, other, forged = with_client(base_url, era, rolls)
    assert again["session"] == first["session"]
    assert [len(r["rolls"]) for r in again["history"]] == [1, 2]
    assert again["history"][-1] == {"rolls": again["rolls"], "total": again["total"], "sides": 20}
    assert other["session"] != first["session"] and len(other["history"]) == 1
    assert forged["session"] == never_minted and len(forged["history"]) == 1


def test_roll_dice_refuses_arguments_outside_the_schema(base_url: str, era: str) -> None:
    result = with_client(base_url, era, lambda c: c.call_tool("roll_dice", {"count": 0}))
    assert result.is_error


def test_the_widget_is_served_as_built(base_url: str, era: str) -> None:
    built = built_widget("dice")
    result = with_client(base_url, era, lambda c: c.read_resource(built["uri"]))
    contents = result.contents[0].model_dump(by_alias=True)
    assert contents["mimeType"] == "text/html;profile=mcp-app"
    assert contents["text"].lower().startswith("<!doctype html>")
    assert contents["_meta"] == built["_meta"]
    # A stale hash still gets the current widget.
    stale = with_client(base_url, era, lambda c: c.read_resource("ui://widget/dice-000000000000.html"))
    assert stale.contents[0].text == contents["text"]


def test_unknown_hosts_are_refused_and_browser_clients_allowed(base_url: str) -> None:
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    headers = {"accept": "application/json, text/event-stream", "content-type": "application/json"}
    rebound = httpx2.post(f"{base_url}/mcp", json=initialize, headers={**headers, "host": "evil.example"})
    assert rebound.status_code == 403
    assert rebound.json() == {
        "jsonrpc": "2.0",
        "error": {"code": -32000, "message": "Invalid Host: evil.example. Add it to ALLOWED_HOSTS (or set BASE_URL) to accept it."},
        "id": None,
    }
    preflight = httpx2.options(
        f"{base_url}/mcp",
        headers={"origin": "http://localhost:6274", "access-control-request-method": "POST", "access-control-request-headers": "content-type, mcp-protocol-version, mcp-method, mcp-name"},
    )
    assert preflight.status_code in (200, 204)
    assert preflight.headers["access-control-allow-origin"] == "http://localhost:6274"
    browser = httpx2.post(f"{base_url}/mcp", json=initialize, headers={**headers, "origin": "http://localhost:6274"})
    assert browser.status_code == 200
    assert "mcp-session-id" in browser.headers["access-control-expose-headers"]
    foreign = httpx2.post(f"{base_url}/mcp", json=initialize, headers={**headers, "origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert foreign.json()["error"]["message"] == "Invalid Origin: https://evil.example."
    assert "access-control-allow-origin" not in foreign.headers


def test_clients_see_the_apps_name_and_version(base_url: str, era: str) -> None:
    async def server_info(client: Client) -> types.Implementation | None:
        return client.server_info

    info = with_client(base_url, era, server_info)
    assert info is not None and info.name == main.mcp.name
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert info.version == __version__ == re.search(r'^version = "(.+)"$', pyproject, re.M)[1]


def test_roll_dice_adds_up_the_dice_it_rolled() -> None:
    values = iter([0.0, 0.5, 0.99])
    assert roll_dice(3, 6, lambda: next(values)).model_dump() == {"rolls": [1, 4, 6], "total": 11, "sides": 6}
