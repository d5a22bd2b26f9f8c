"""RATE_LIMIT: the grammar, who a request counts against, and the 429 a client can show. Counted
in Redis when TEST_REDIS_URL names a running redis-server, else in memory."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from typing import Any

import pytest
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken
from starlette.types import Message, Receive, Scope, Send

from server.limits import RateLimit, RateLimits, parse_rate, rate_limits

REDIS_URL = os.environ.get("TEST_REDIS_URL", "") or None


async def answered(scope: Scope, receive: Receive, send: Send) -> None:
    """The app behind the limit: echoes the body it got, so the test sees it was handed on whole."""
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})


def post(app: RateLimit, body: Any, *, client: str = "203.0.113.9", user: Any = None, path: str = "/mcp") -> tuple[int, dict[str, str], bytes]:
    """One POST through the middleware, its body sent in two chunks."""
    raw = json.dumps(body).encode()
    chunks: list[Message] = [{"type": "http.request", "body": raw[:5], "more_body": True}, {"type": "http.request", "body": raw[5:], "more_body": False}]
    sent: list[Message] = []
    scope: Scope = {"type": "http", "method": "POST", "path": path, "headers": [], "client": (client, 40000), "query_string": b""}
    if user is not None:
        scope["user"] = user

    async def receive() -> Message:
        return chunks.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    headers = {k.decode(): v.decode() for k, v in sent[0].get("headers", [])}
    return sent[0]["status"], headers, b"".join(m.get("body", b"") for m in sent[1:])


def call(subject: str | None = None, request_id: int = 1) -> dict[str, Any]:
    params: dict[str, Any] = {"name": "roll_dice", "arguments": {}}
    if subject:
        params["_meta"] = {"openai/subject": subject}
    return {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}


def limited(rate: str) -> RateLimit:
    # A prefix per test, so runs against one Redis do not share counts.
    return RateLimit(answered, RateLimits(rate, prefix=f"chatgpt-app:test-{secrets.token_hex(4)}:", redis_url=REDIS_URL))


def test_the_grammar_and_its_errors() -> None:
    assert parse_rate("100/min") == (100, "minute")
    assert parse_rate(" 5 / sec ") == (5, "second")
    assert parse_rate("2/hour") == (2, "hour")
    for bad in ["100", "0/min", "100/minute", "ten/min", "-1/sec"]:
        with pytest.raises(SystemExit, match=r"RATE_LIMIT must be <n>/<sec\|min\|hour> with n ≥ 1, got .* e\.g\. RATE_LIMIT=100/min"):
            parse_rate(bad)
    assert rate_limits({}, "p:") is None, "off when RATE_LIMIT is unset"
    assert rate_limits({"RATE_LIMIT": "3/min"}, "p:") is not None


def test_over_the_limit_answers_429_with_retry_after_and_a_json_rpc_error() -> None:
    app = limited("2/min")
    for i in range(2):
        status, _, body = post(app, call(request_id=i))
        assert status == 200
        assert json.loads(body) == call(request_id=i), "the body is handed on whole"
    status, headers, body = post(app, call(request_id=7))
    assert status == 429
    wait = int(headers["retry-after"])
    assert 1 <= wait <= 60
    assert json.loads(body) == {
        "jsonrpc": "2.0",
        "id": 7,
        "error": {"code": -32000, "message": f"Rate limit exceeded: 2 requests per minute for each client. Try again in {wait} s.", "data": {"retryAfter": wait}},
    }
    # Notifications and responses are not counted; other paths are not limited.
    assert post(app, {"jsonrpc": "2.0", "method": "notifications/initialized"})[0] == 200
    assert post(app, call(), path="/healthz")[0] == 200


def test_each_client_has_its_own_count() -> None:
    app = limited("1/min")
    alice = AuthenticatedUser(AccessToken(token="t", client_id="c", scopes=[], subject="alice"))
    assert post(app, call())[0] == 200
    assert post(app, call())[0] == 429, "the same address"
    assert post(app, call(), client="198.51.100.1")[0] == 200, "another address"
    assert post(app, call(subject="u1"))[0] == 200, "openai/subject over the address"
    assert post(app, call(subject="u1"), client="198.51.100.2")[0] == 429, "the same openai/subject from elsewhere"
    assert post(app, call(subject="u1"), user=alice)[0] == 200, "the OAuth subject over openai/subject"
    assert post(app, call(subject="u2"), user=alice, client="198.51.100.3")[0] == 429
