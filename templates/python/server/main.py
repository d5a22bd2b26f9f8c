"""my-chatgpt-app: a ChatGPT app on FastAPI and the official MCP Python SDK (mcp 2.x).

Streamable HTTP at /mcp, stateless (ChatGPT does not always keep MCP sessions); it answers
clients of both protocol eras: 2025's (initialize first) and 2026-07-28's (no handshake). Run it with
`chatgpt-app dev` (reload, widget preview, tunnel) or `npm start` (production).
"""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from mcp.server.caching import CACHEABLE_METHODS, CacheHint
from mcp.server.transport_security import TransportSecuritySettings
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from . import __version__
from .app_server import ChatGptMCP
from .dice import DiceResult, record_roll, roll_dice
from .limits import RateLimit, rate_limits
from .security import CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, HostCheck, cors_origin_regex
from .state import StateUnavailable, open_state
from .widgets import WidgetCatalog, out_dir

# Under `chatgpt-app dev` the widgets are rebuilt as you edit them: read them on every request.
DEVELOPMENT = os.environ.get("CHATGPT_APP_DEV") == "1"
# How long 2026-07-28 clients may reuse a list or a read (ttlMs): at once stale under dev,
# where the widgets change as you edit; a minute in production. Each result is for its caller only.
CACHE_TTL_MS = 0 if DEVELOPMENT else 60_000
APP_NAME = "my-chatgpt-app"
# The tools' state: Redis with REDIS_URL, else STATE_FILE (`npm start`), else memory (dev, tests).
state = open_state(APP_NAME)
# Per-client rate limits on /mcp with RATE_LIMIT (e.g. 100/min); none when it is unset.
limits = rate_limits(os.environ, state.prefix)

mcp = ChatGptMCP(
    APP_NAME,
    # What MCP clients see as serverInfo.version.
    version=__version__,
    widgets=WidgetCatalog(out_dir(), reload=DEVELOPMENT),
    # No sign-in: every tool can be called anonymously. See the README to add OAuth.
    security_schemes=[{"type": "noauth"}],
    cache_hints={method: CacheHint(ttl_ms=CACHE_TTL_MS, scope="private") for method in CACHEABLE_METHODS},
)
# The SDK logs each request at INFO ("Processing request of type …", "Terminating session: None");
# uvicorn's access log shows them already. Its warnings and errors still show.
logging.getLogger("mcp").setLevel(logging.WARNING)


@mcp.widget_tool(
    name="roll_dice",
    title="Roll dice",
    description=(
        "Use this when the user wants to roll one or more dice, for a game or to pick something at random. "
        "Shows the dice in a widget, where the user can roll again."
    ),
    # Rolling adds to this widget session's history on the server, and changes nothing elsewhere.
    annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False),
    # The widget in widgets/dice/ renders the result; it may call this tool again ("Roll again").
    widget="dice",
    invoking="Rolling the dice…",
    invoked="Dice rolled",
)
async def roll_dice_tool(
    count: Annotated[int, Field(ge=1, le=10, description="How many dice to roll (1–10).")] = 2,
    sides: Annotated[int, Field(ge=2, le=100, description="Sides on each die (2–100).")] = 6,
    session: Annotated[str | None, Field(description="The widget session from an earlier roll, to add to its history.")] = None,
) -> Annotated[CallToolResult, DiceResult]:
    try:
        # The history lives in the server's state, keyed by the session the widget passes back.
        result = await record_roll(state, session, roll_dice(count, sides))
    except StateUnavailable as error:
        return CallToolResult(content=[TextContent(type="text", text=str(error))], is_error=True)
    return CallToolResult(
        # What the model reads, and what hosts without widgets show.
        content=[TextContent(type="text", text=f"Rolled {', '.join(map(str, result.rolls))} (d{result.sides}): total {result.total}.")],
        # What the widget renders; DiceResult is the tool's outputSchema.
        structured_content=result.model_dump(),
        # ChatGPT's id of the widget instance: the same session.
        _meta={"openai/widgetSessionId": result.session},
    )


@asynccontextmanager
async def lifespan(_: FastAPI):
    # The MCP app is mounted below; a mounted app's own lifespan does not run, so run its session manager here.
    problem = await state.check()
    if problem:
        logging.getLogger(__name__).warning("%s (state: %s)", problem, state.describe)
    async with mcp.session_manager.run():
        yield
    await state.close()


app = FastAPI(title=APP_NAME, lifespan=lifespan)
# Innermost: the client it counts against is known here (its OAuth subject, when signed in).
app.add_middleware(RateLimit, limits=limits)
app.add_middleware(
    CORSMiddleware,
    allow_origin_regex=cors_origin_regex(),
    allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
    allow_headers=CORS_ALLOW_HEADERS,
    expose_headers=CORS_EXPOSE_HEADERS,
    max_age=86400,
)
# Added last, so it runs first: a refused Host or Origin gets no CORS headers.
app.add_middleware(HostCheck)


@app.get("/healthz")
def healthz() -> dict[str, object]:
    return {"status": "ok", "widgets": sorted(mcp.widgets.all())}


app.mount(
    "/",
    mcp.streamable_http_app(
        stateless_http=True,
        json_response=True,
        streamable_http_path="/mcp",
        # HostCheck (above) checks Host and Origin on every route, and its refusal says what to do.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    ),
)
