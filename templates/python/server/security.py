"""Which hosts and browser origins the server answers (DNS-rebinding protection stays on).

Loopback names are always allowed. Add your public host names with ALLOWED_HOSTS
(comma-separated; `chatgpt-app dev` sets it to include its tunnel host) or BASE_URL.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlparse

from mcp.server.transport_security import TransportSecuritySettings

LOOPBACK = ["127.0.0.1", "localhost", "[::1]"]


def public_hosts() -> list[str]:
    hosts = [h.strip().lower() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    base_url = os.environ.get("BASE_URL")
    if base_url and urlparse(base_url).hostname:
        hosts.append(urlparse(base_url).hostname.lower())
    # Accept "https://x.example.com" or "x.example.com:443" too: keep only the host name.
    names = [urlparse(h).hostname if "://" in h else h.split(":")[0] for h in hosts]
    return sorted({n for n in names if n and n not in LOOPBACK})


def transport_security() -> TransportSecuritySettings:
    """Host and Origin checks of the MCP endpoint: loopback on any port, public hosts as named."""
    public = public_hosts()
    hosts = [f"{h}:*" for h in LOOPBACK] + LOOPBACK + public + [f"{h}:*" for h in public]
    origins = [f"http://{h}:*" for h in LOOPBACK] + [f"http://{h}" for h in LOOPBACK] + [f"https://{h}" for h in public]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins)


def cors_origin_regex() -> str:
    """Browser MCP clients (MCP Inspector, the dev preview) may call /mcp from these origins.
    ChatGPT itself calls server-to-server and needs no CORS."""
    public = "|".join(re.escape(h) for h in public_hosts())
    loopback = r"https?://(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?"
    return f"^(?:{loopback}|https://(?:{public}))$" if public else f"^{loopback}$"


# Headers a browser MCP client (the MCP Inspector, for one) sends and reads.
CORS_ALLOW_HEADERS = ["content-type", "authorization", "mcp-session-id", "mcp-protocol-version", "last-event-id", "accept"]
CORS_EXPOSE_HEADERS = ["mcp-session-id", "mcp-protocol-version", "www-authenticate"]
