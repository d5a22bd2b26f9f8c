"""Which hosts and browser origins the server answers (DNS-rebinding protection stays on).

Loopback names are always allowed. Add your public host names with ALLOWED_HOSTS
(comma-separated; `chatgpt-app dev` sets it to include its tunnel host) or BASE_URL.
"""

from __future__ import annotations

import json
import logging
import os
import re
from urllib.parse import urlparse

from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK = ["127.0.0.1", "localhost", "[::1]"]
logger = logging.getLogger(__name__)


def public_hosts() -> list[str]:
    hosts = [h.strip().lower() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    base_url = os.environ.get("BASE_URL")
    if base_url and urlparse(base_url).hostname:
        hosts.append(urlparse(base_url).hostname.lower())
    # Accept "https://x.example.com" or "x.example.com:443" too: keep only the host name.
    names = [urlparse(h).hostname if "://" in h else h.split(":")[0] for h in hosts]
    return sorted({n for n in names if n and n not in LOOPBACK})


def host_name(host: str) -> str:
    """`example.com:8787` → `example.com`; `[::1]:8787` → `[::1]`; lower-cased."""
    value = host.strip().lower()
    if value.startswith("["):
        return value[: value.find("]") + 1] if "]" in value else value
    return value.split(":")[0]


class HostCheck:
    """Refuses a request whose Host (or browser Origin) is not one this server answers to, on every
    route but /healthz, with a JSON-RPC error that says how to accept it (as chatgpt-app's own host does)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.hosts = set(LOOPBACK) | set(public_hosts())
        self.refused: set[str] = set()

    def allows_origin(self, origin: str) -> bool:
        parsed = urlparse(origin)
        return bool(parsed.hostname) and host_name(parsed.netloc) in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/healthz":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        origin = headers.get("origin")
        if host_name(host) not in self.hosts:
            if host not in self.refused:
                self.refused.add(host)
                logger.warning("Refused a request for Host %r: add it to ALLOWED_HOSTS (or set BASE_URL) to accept it.", host)
            message = f"Invalid Host: {host or '(none)'}. Add it to ALLOWED_HOSTS (or set BASE_URL) to accept it."
        elif origin is not None and not self.allows_origin(origin):
            message = f"Invalid Origin: {origin}."
        else:
            return await self.app(scope, receive, send)
        body = json.dumps({"jsonrpc": "2.0", "error": {"code": -32000, "message": message}, "id": None}).encode()
        await send({"type": "http.response.start", "status": 403, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def cors_origin_regex() -> str:
    """Browser MCP clients (MCP Inspector, the dev preview) may call /mcp from these origins.
    ChatGPT itself calls server-to-server and needs no CORS."""
    public = "|".join(re.escape(h) for h in public_hosts())
    loopback = r"https?://(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?"
    return f"^(?:{loopback}|https://(?:{public}))$" if public else f"^{loopback}$"


# Headers a browser MCP client (the MCP Inspector, for one) sends and reads; 2026-07-28 clients
# also name each request's method and tool (or resource) in Mcp-Method and Mcp-Name.
CORS_ALLOW_HEADERS = ["content-type", "authorization", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name", "last-event-id", "accept"]
CORS_EXPOSE_HEADERS = ["mcp-session-id", "mcp-protocol-version", "www-authenticate"]
