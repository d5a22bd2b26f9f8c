"""Sign-in (OAuth): the app as an OAuth resource server, on the mcp SDK's own auth pieces.

AUTH_ISSUER names your authorization server (see AUTH.md). `auth_settings()` is the SDK's
`AuthSettings` for it; `JwtTokenVerifier` is the SDK's `TokenVerifier` for JWT access tokens
(signature by the issuer's JWKS, issuer, audience, expiry, not-before); `protect(app)` adds the
SDK's bearer middleware (a token is read when one comes, never required: widgets and mixed tools
stay public), refuses invalid tokens with HTTP 401 `invalid_token`, and serves the SDK's
protected-resource metadata. `show_account` needs a token with ACCOUNT_SCOPE: without one it
answers ChatGPT's sign-in challenge (`_meta["mcp/www_authenticate"]`). Nothing about a token is logged.
"""

from __future__ import annotations

import json
import os
import urllib.request
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlparse

import anyio
import jwt
from mcp.server.auth.middleware.auth_context import AuthContextMiddleware, get_access_token
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser, BearerAuthBackend
from mcp.server.auth.provider import AccessToken, TokenVerifier
from mcp.server.auth.routes import build_resource_metadata_url, create_protected_resource_routes
from mcp.server.auth.settings import AuthSettings
from mcp.types import CallToolResult
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

# The scope show_account needs; register it at your authorization server.
ACCOUNT_SCOPE = "account:read"
LOOPBACK = ["127.0.0.1", "localhost", "[::1]"]
# Set for a request whose token could not be checked because the authorization server did not answer.
issuer_unreachable: ContextVar[bool] = ContextVar("issuer_unreachable", default=False)
UNREACHABLE = object()


def local_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('PORT', '8787')}/mcp"


def resource_url() -> str:
    """What tokens must be issued for: AUTH_AUDIENCE, else BASE_URL's /mcp, else dev's tunnel, else the local URL."""
    audience = os.environ.get("AUTH_AUDIENCE", "").strip()
    if audience:
        return audience
    base = os.environ.get("BASE_URL", "").strip().rstrip("/")
    return f"{base}/mcp" if base else os.environ.get("CHATGPT_APP_PUBLIC_URL", "").strip() or local_url()


def auth_settings() -> AuthSettings | None:
    """The SDK's AuthSettings when AUTH_ISSUER is set; None (no sign-in) until then."""
    issuer = os.environ.get("AUTH_ISSUER", "").strip()
    if not issuer:
        return None
    return AuthSettings(issuer_url=issuer, resource_server_url=resource_url(), required_scopes=[ACCOUNT_SCOPE], validate_token_resource=False)


def audiences(resource: str) -> list[str]:
    """The resource, and its other loopback spellings when it is local (a token for any of them names this server)."""
    url = urlparse(resource)
    if f"[{url.hostname}]" not in LOOPBACK and url.hostname not in LOOPBACK:
        return [resource]
    port = f":{url.port}" if url.port else ""
    return [f"{url.scheme}://{name}{port}{url.path}" for name in LOOPBACK]


def new_jwks_client(uri: str) -> jwt.PyJWKClient:
    """The key set, cached for 5 minutes; a token with an unknown key id refetches it (at most every 5 seconds): rotated keys are picked up."""
    try:
        return jwt.PyJWKClient(uri, lifespan=300, cooldown_duration=5)
    except TypeError:  # an older PyJWT, without cooldown_duration
        return jwt.PyJWKClient(uri, lifespan=300)


class JwtTokenVerifier(TokenVerifier):
    """Verifies JWT access tokens against the issuer's keys (found from its metadata, fetched when first needed, refetched for an unknown key id)."""

    def __init__(self, settings: AuthSettings) -> None:
        self.issuer = str(settings.issuer_url)
        # A token's `iss` must be the issuer as the server spells it; mcp 1.x's AuthSettings adds a `/` to a path-less URL.
        self.issuers = [self.issuer, self.issuer.rstrip("/")]
        self.audiences = audiences(str(settings.resource_server_url))
        # Under `chatgpt-app dev`, tokens for the local URL pass beside the tunnel's.
        if os.environ.get("CHATGPT_APP_DEV") == "1" and not os.environ.get("AUTH_AUDIENCE"):
            self.audiences += [a for a in audiences(local_url()) if a not in self.audiences]
        self._keys: jwt.PyJWKClient | None = None

    def _jwks(self) -> jwt.PyJWKClient:
        if self._keys is None:
            base = self.issuer.rstrip("/")
            for path in ("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"):
                try:
                    with urllib.request.urlopen(base + path, timeout=10) as response:
                        self._keys = new_jwks_client(json.load(response)["jwks_uri"])
                        break
                except (OSError, KeyError, ValueError):
                    continue
            else:
                raise OSError(f"the authorization server {self.issuer} did not answer with its metadata")
        return self._keys

    def _verify(self, token: str) -> AccessToken | object | None:
        try:
            key = self._jwks().get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256", "PS256", "ES256", "EdDSA"],
                audience=self.audiences,
                issuer=self.issuers,
                leeway=30,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (OSError, jwt.PyJWKClientConnectionError):
            return UNREACHABLE  # metadata and keys are fetched again on the next token
        except jwt.PyJWTError:
            return None
        aud = claims.get("aud")
        matched = next((a for a in ([aud] if isinstance(aud, str) else aud or []) if a in self.audiences), None)
        return AccessToken(
            token=token,
            client_id=str(claims.get("client_id") or claims.get("azp") or ""),
            scopes=str(claims.get("scope", "")).split(),
            expires_at=claims.get("exp"),
            resource=matched,
            subject=claims.get("sub"),
            claims=claims,
        )

    async def verify_token(self, token: str) -> AccessToken | None:
        # PyJWKClient fetches the keys with blocking I/O: keep it off the event loop.
        verified = await anyio.to_thread.run_sync(self._verify, token)
        if verified is UNREACHABLE:
            issuer_unreachable.set(True)
            return None
        return verified  # type: ignore[return-value]


class RefuseInvalidToken:
    """A bearer token that does not verify gets HTTP 401 invalid_token, or 503 while the authorization server is unreachable (no token at all: the request goes on anonymously)."""

    def __init__(self, app: ASGIApp, metadata_url: str) -> None:
        self.app = app
        self.metadata_url = metadata_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/mcp") and not isinstance(scope.get("user"), AuthenticatedUser):
            if issuer_unreachable.get():
                body = b'{"error": "temporarily_unavailable", "error_description": "The authorization server cannot be reached to check the access token; try again shortly."}'
                headers = [(b"content-type", b"application/json"), (b"retry-after", b"5"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 503, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
            if any(name == b"authorization" for name, _ in scope["headers"]):
                challenge = f'Bearer resource_metadata="{self.metadata_url}", error="invalid_token", error_description="The access token is invalid or expired."'
                body = b'{"error": "invalid_token", "error_description": "The access token is invalid or expired."}'
                headers = [(b"content-type", b"application/json"), (b"www-authenticate", challenge.encode()), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 401, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def protect(app: Any, settings: AuthSettings) -> None:
    """Adds the bearer check and the protected-resource metadata to the FastAPI app (before its Host check)."""
    metadata_url = str(build_resource_metadata_url(settings.resource_server_url))
    app.add_middleware(RefuseInvalidToken, metadata_url=metadata_url)
    app.add_middleware(AuthContextMiddleware)
    app.add_middleware(AuthenticationMiddleware, backend=BearerAuthBackend(JwtTokenVerifier(settings)))
    app.router.routes.extend(create_protected_resource_routes(settings.resource_server_url, [settings.issuer_url], scopes_supported=settings.required_scopes))


def sign_in_challenge(tool: str, settings: AuthSettings | None, scope: str) -> CallToolResult | None:
    """ChatGPT's per-tool challenge when the caller has no token with `scope`; None when it has one (or sign-in is off)."""
    if settings is None:
        return None
    token = get_access_token()
    if token is not None and scope in token.scopes:
        return None
    error, description = ("insufficient_scope", f"{tool} needs the scope {scope}; sign in again to grant it.") if token else ("invalid_request", f"Sign in to use {tool}: it needs your account.")
    metadata_url = build_resource_metadata_url(settings.resource_server_url)
    challenge = f'Bearer resource_metadata="{metadata_url}", error="{error}", error_description="{description}", scope="{scope}"'
    return CallToolResult.model_validate({"content": [{"type": "text", "text": description}], "isError": True, "_meta": {"mcp/www_authenticate": [challenge]}})


def register_account_tools(mcp: Any, settings: AuthSettings | None) -> None:
    @mcp.tool(
        name="show_account",
        title="Show my account",
        description="Use this when the user asks which account is linked, or who they are signed in as.",
        # oauth2 only: called without a token, it answers with ChatGPT's sign-in challenge.
        meta={"securitySchemes": [{"type": "oauth2", "scopes": [ACCOUNT_SCOPE]}]},
    )
    def show_account() -> CallToolResult:
        refused = sign_in_challenge("show_account", settings, ACCOUNT_SCOPE)
        if refused is not None:
            return refused
        token = get_access_token()
        subject = (token.subject if token else None) or ""
        return CallToolResult.model_validate({"content": [{"type": "text", "text": f"You are signed in as {subject}."}], "structuredContent": {"subject": subject}})

    @mcp.tool(
        name="greet",
        title="Greet",
        description="Use this to greet the user; it names them when their account is linked.",
        # Mixed: anyone may call it; it sees the user when a token comes.
        meta={"securitySchemes": [{"type": "noauth"}, {"type": "oauth2", "scopes": [ACCOUNT_SCOPE]}]},
    )
    def greet() -> CallToolResult:
        token = get_access_token()
        subject = token.subject if token else None
        text = f"Hello, {subject}!" if subject else "Hello! Link your account and I will know your name."
        return CallToolResult.model_validate({"content": [{"type": "text", "text": text}], "structuredContent": {"signedIn": subject is not None, "subject": subject}})
