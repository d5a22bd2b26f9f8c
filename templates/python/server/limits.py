"""Per-client rate limits on /mcp with slowapi: RATE_LIMIT=<n>/<sec|min|hour>, e.g. `100/min`.

Off when RATE_LIMIT is unset. A client is its OAuth subject when signed in, else ChatGPT's
`openai/subject` from the request's `_meta`, else its address (behind a proxy, uvicorn takes it
from X-Forwarded-For when the proxy's address is in FORWARDED_ALLOW_IPS). Counted in Redis when
REDIS_URL is set (one count for every instance; while Redis is down, in this instance's memory),
else in memory. Over the limit: HTTP 429 with Retry-After and a JSON-RPC error the client can show.
"""

from __future__ import annotations

import json
import logging
import math
import re
import time
from collections.abc import Mapping
from typing import Any

import anyio
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)
UNITS = {"sec": ("second", 1), "min": ("minute", 60), "hour": ("hour", 3600)}
# Bodies past this size are passed on without looking for openai/subject in them.
MAX_PEEK = 1024 * 1024


class RateLimitSetting(SystemExit):
    """A RATE_LIMIT that does not parse: the server does not start, and says why."""


def parse_rate(text: str) -> tuple[int, str]:
    """`100/min` → (100, "minute"); anything else stops the server with what to write instead."""
    match = re.fullmatch(r"\s*(\d{1,9})\s*/\s*(sec|min|hour)\s*", text)
    if not match or int(match[1]) < 1:
        raise RateLimitSetting(f'RATE_LIMIT must be <n>/<sec|min|hour> with n ≥ 1, got "{text}". e.g. RATE_LIMIT=100/min')
    return int(match[1]), UNITS[match[2]][0]


def client_key(request: Request) -> str:
    """slowapi's key function: who the request counts against (set by RateLimit below)."""
    return request.scope.get("rate_limit_key") or "ip:unknown"


def messages_of(body: bytes) -> list[dict[str, Any]]:
    """The JSON-RPC messages of a POST body (none when it is not JSON or too large to look into)."""
    if len(body) > MAX_PEEK:
        return []
    try:
        parsed = json.loads(body)
    except ValueError:
        return []
    return [m for m in (parsed if isinstance(parsed, list) else [parsed]) if isinstance(m, dict)]


def key_of(scope: Scope, messages: list[dict[str, Any]]) -> str:
    token = getattr(scope.get("user"), "access_token", None)
    oauth = getattr(token, "subject", None) or getattr(token, "client_id", None)
    if oauth:
        return f"oauth:{oauth}"
    for message in messages:
        params = message.get("params")
        meta = params.get("_meta") if isinstance(params, dict) else None
        subject = meta.get("openai/subject") if isinstance(meta, dict) else None
        if isinstance(subject, str) and subject:
            return f"openai:{subject[:200]}"
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


class RateLimits:
    """slowapi's Limiter for one limit per client, on the storage REDIS_URL names (else memory)."""

    def __init__(self, rate: str, *, prefix: str, redis_url: str | None) -> None:
        self.points, self.unit = parse_rate(rate)
        self.redis = bool(redis_url)
        self.limiter = Limiter(
            key_func=client_key,
            application_limits=[f"{self.points}/{self.unit}"],
            storage_uri=redis_url or "memory://",
            # Under the app's prefix; bounded: with Redis down a check fails within about a second, then counts in memory.
            storage_options={"key_prefix": f"{prefix}rl", "socket_connect_timeout": 1, "socket_timeout": 1} if redis_url else {},
            in_memory_fallback_enabled=bool(redis_url),
        )
        self._fallback_logged = False

    @property
    def description(self) -> str:
        return f"{self.points} request{'' if self.points == 1 else 's'} per {self.unit}"

    def _check(self, request: Request) -> int | None:
        """Seconds to wait when over the limit, else None. Blocking (slowapi's storage is synchronous)."""
        try:
            self.limiter._check_request_limit(request, None, True)  # what slowapi's own middleware calls
            return None
        except RateLimitExceeded:
            item, args = request.state.view_rate_limit
            reset, _ = self.limiter.limiter.get_window_stats(item, *args)
            return max(1, math.ceil(reset - time.time()))
        finally:
            dead = self.limiter._storage_dead
            if dead != self._fallback_logged:
                self._fallback_logged = dead
                logger.warning("Redis is unreachable: rate limits count in this instance's memory until it is back." if dead else "Redis is reachable again: rate limits are counted there.")

    async def check(self, request: Request) -> int | None:
        if self.redis:
            # Keep Redis round trips off the event loop.
            return await anyio.to_thread.run_sync(self._check, request)
        return self._check(request)


class RateLimit:
    """ASGI middleware: counts each POST to /mcp that carries a JSON-RPC request against its client."""

    def __init__(self, app: ASGIApp, limits: RateLimits | None) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.limits is None or scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].startswith("/mcp"):
            return await self.app(scope, receive, send)
        # Read the body (to find openai/subject and the request id), then hand it on unchanged.
        messages: list[Message] = []
        body = b""
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        parsed = messages_of(body)
        # Requests count; notifications and responses do not. A body that is not JSON counts too.
        requests = [m for m in parsed if "method" in m and "id" in m]
        if requests or not parsed:
            request_id = requests[0]["id"] if len(requests) == 1 else None
            scope["rate_limit_key"] = key_of(scope, parsed)
            wait = await self.limits.check(Request(scope))
            if wait is not None:
                return await refuse(send, wait, request_id, f"Rate limit exceeded: {self.limits.description} for each client. Try again in {wait} s.")

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


async def refuse(send: Send, wait: int, request_id: Any, message: str) -> None:
    body = json.dumps({"jsonrpc": "2.0", "id": request_id, "error": {"code": -32000, "message": message, "data": {"retryAfter": wait}}}).encode()
    headers = [(b"content-type", b"application/json"), (b"retry-after", str(wait).encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def rate_limits(env: Mapping[str, str], prefix: str) -> RateLimits | None:
    """RATE_LIMIT's limit, or None (no limit) when it is unset."""
    rate = env.get("RATE_LIMIT", "").strip()
    return RateLimits(rate, prefix=prefix, redis_url=env.get("REDIS_URL", "").strip() or None) if rate else None
