"""State for tools: a small typed key-value API (get / set / update with a TTL, compare-and-set).

Keys belong to an owner the platform gives:
- `state.handle(h)`: a handle the server minted (`state.mint()`) and the model or widget passes
  back. Unguessable, and bound to the OAuth subject when the caller is signed in: a copied or forged
  handle finds nothing of another user's.
- `state.conversation(meta)`: the request's `openai/session`;
- `state.user(meta)`: the OAuth subject when signed in, else the request's `openai/subject`.

Where it lives (`open_state()`): Redis when REDIS_URL is set (every instance shares it); else the
JSON file STATE_FILE (`npm start` sets `.chatgpt-app/state.json`: one instance); else memory
(`chatgpt-app dev`, the tests). Keys carry STATE_PREFIX, default `chatgpt-app:<app name>:`.
With Redis down, every call raises `StateUnavailable`, which the tool answers as an isError result.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import random
import re
import secrets
from base64 import urlsafe_b64encode
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from mcp.server.auth.middleware.auth_context import get_access_token
from pydantic import TypeAdapter

from .stores import FileStore, KvStore, MemoryStore, RedisStore, StateUnavailable

__all__ = ["State", "Scope", "StateUnavailable", "open_state"]

T = TypeVar("T")
HANDLE = re.compile(r"^h_[A-Za-z0-9_-]{22}$")
# Largest value written, once serialized: state is for small records, not files.
MAX_VALUE = 512 * 1024
# Tries of one `update` before it gives up (another writer won every time).
MAX_TRIES = 200


def digest(*parts: str) -> str:
    """Keys never carry a raw id, and their length stays bounded."""
    return urlsafe_b64encode(hashlib.sha256("\0".join(parts).encode()).digest()).decode().rstrip("=")[:32]


def ttl_ms(ttl: float | None) -> int:
    if ttl is None:
        return 0
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not ttl > 0 or ttl == float("inf"):
        raise ValueError(f"ttl must be a positive number of seconds, got {ttl!r}.")
    return int(-(-ttl * 1000 // 1))


class Scope(Generic[T]):
    """One owner's keys. Values are JSON; `model` (a type: a pydantic model, `list[int]`, …) checks
    what is read and how it is written. The version `entry` hands out is the stored text: each
    write gets a fresh revision in it, so compare-and-set tells two writes of one value apart."""

    def __init__(self, store: KvStore, prefix: str, model: Any = Any) -> None:
        self.store = store
        self.prefix = prefix
        self.adapter: TypeAdapter[Any] = TypeAdapter(model)

    def _key(self, key: str) -> str:
        if not isinstance(key, str) or not 1 <= len(key) <= 200:
            raise ValueError("A state key is a string of 1 to 200 characters.")
        return self.prefix + key

    def _encode(self, value: Any) -> str:
        text = json.dumps(self.adapter.dump_python(value, mode="json"), separators=(",", ":"))
        if len(text) > MAX_VALUE:
            raise ValueError(f"State value too large: {len(text)} bytes of JSON, the limit is {MAX_VALUE}.")
        return f"{secrets.token_urlsafe(6)}:{text}"

    def _decode(self, raw: str | None) -> Any:
        if raw is None:
            return None
        return self.adapter.validate_python(json.loads(raw[raw.index(":") + 1 :]))

    async def get(self, key: str) -> Any:
        """The value, or None when there is none (or it expired)."""
        return self._decode(await self.store.get(self._key(key)))

    async def set(self, key: str, value: Any, *, ttl: float | None = None) -> None:
        """`ttl`: seconds it is kept (None: until deleted)."""
        await self.store.set(self._key(key), self._encode(value), ttl_ms(ttl))

    async def entry(self, key: str) -> tuple[Any, str | None]:
        """The value and its version, for `compare_and_set`."""
        raw = await self.store.get(self._key(key))
        return self._decode(raw), raw

    async def compare_and_set(self, key: str, version: str | None, value: Any, *, ttl: float | None = None) -> bool:
        """Writes only if the key is still at `version` (None: absent); True when written."""
        return await self.store.compare_and_set(self._key(key), version, self._encode(value), ttl_ms(ttl))

    async def update(self, key: str, change: Callable[[Any], Any], *, ttl: float | None = None) -> Any:
        """Reads, changes and writes the value with compare-and-set, again while another writer
        wins in between; resolves with what was written. `change` gets None when there is none."""
        for attempt in range(MAX_TRIES):
            value, version = await self.entry(key)
            new = change(value)
            if await self.compare_and_set(key, version, new, ttl=ttl):
                return new
            if attempt > 2:
                # Many writers on one key: spread the retries out a little.
                await asyncio.sleep(random.random() * min(0.05, attempt * 0.002))
        raise RuntimeError(f'State key "{key}" changed under every one of {MAX_TRIES} tries: too many writers at once.')

    async def delete(self, key: str) -> None:
        await self.store.delete(self._key(key))


def oauth_subject() -> str | None:
    """The signed-in caller's subject (the token the SDK's auth middleware checked), else None."""
    token = get_access_token()
    return (token.subject or None) if token is not None else None


class State:
    """The tools' state: one store, every key under the app's prefix."""

    def __init__(self, store: KvStore, prefix: str) -> None:
        self.store = store
        self.prefix = prefix

    def _scope(self, kind: str, owner: str, model: Any) -> Scope[Any]:
        return Scope(self.store, f"{self.prefix}{kind}:{owner}:", model)

    @staticmethod
    def mint() -> str:
        """A new handle, unguessable (128 random bits): return it to the model or widget, which passes it back."""
        return f"h_{secrets.token_urlsafe(16)}"

    @staticmethod
    def is_handle(handle: object) -> bool:
        return isinstance(handle, str) and HANDLE.match(handle) is not None

    def handle(self, handle: str, model: Any = Any) -> Scope[Any]:
        """The keys of a handle `mint()` made; signed in, of that handle for this subject only."""
        if not self.is_handle(handle):
            raise ValueError("Not a state handle: pass back a handle that state.mint() made, exactly as it was returned.")
        subject = oauth_subject()
        return self._scope("h", digest(handle) if subject is None else digest(handle, subject), model)

    def conversation(self, meta: Mapping[str, Any] | None, model: Any = Any) -> Scope[Any]:
        """The keys of this conversation (the request's `_meta["openai/session"]`)."""
        session = (meta or {}).get("openai/session")
        if not isinstance(session, str) or not session:
            raise ValueError("This request has no conversation (openai/session): use a handle from state.mint() instead.")
        return self._scope("c", digest(session), model)

    def user(self, meta: Mapping[str, Any] | None, model: Any = Any) -> Scope[Any]:
        """The keys of this user: the OAuth subject when signed in, else `_meta["openai/subject"]`."""
        subject = oauth_subject()
        if subject is not None:
            return self._scope("u", digest("oauth", subject), model)
        anonymous = (meta or {}).get("openai/subject")
        if isinstance(anonymous, str) and anonymous:
            return self._scope("u", digest("openai", anonymous), model)
        raise ValueError("This request names no user (no OAuth subject, no openai/subject): use a handle from state.mint() instead.")

    @property
    def describe(self) -> str:
        if isinstance(self.store, RedisStore):
            return f"Redis at {self.store.where}"
        if isinstance(self.store, FileStore):
            return f"{self.store.path} (this instance only; set REDIS_URL to share it)"
        return "memory (this process only)"

    async def check(self) -> str | None:
        """Why the store cannot be reached now, or None (memory and file always can)."""
        if isinstance(self.store, RedisStore):
            try:
                await self.store.ping()
            except StateUnavailable as error:
                return str(error)
        return None

    async def close(self) -> None:
        await self.store.close()


def default_prefix(app_name: str) -> str:
    """One app's keys apart from another's on a shared Redis."""
    return f"chatgpt-app:{app_name}:"


def open_state(app_name: str, env: Mapping[str, str] = os.environ) -> State:
    """The state store from the environment: REDIS_URL, else STATE_FILE, else memory."""
    prefix = env.get("STATE_PREFIX", "").strip() or default_prefix(app_name)
    url = env.get("REDIS_URL", "").strip()
    if url:
        if not re.match(r"^rediss?://", url, re.I):
            raise SystemExit(f"REDIS_URL must start with redis:// or rediss://, got {url.split('@')[-1]!r}. e.g. REDIS_URL=redis://localhost:6379 or rediss://user:password@host:6380")
        return State(RedisStore(url), prefix)
    file = env.get("STATE_FILE", "").strip()
    return State(FileStore(Path(file).resolve()) if file else MemoryStore(), prefix)
