"""Where the tools' state lives: raw string values under full keys.

`MemoryStore` serves one process (`chatgpt-app dev`, the tests); `FileStore` is the same kept in
a JSON file, so a single `npm start` keeps its state over a restart; `RedisStore` (redis-py,
`redis.asyncio`) is shared by every instance. `compare_and_set` is what makes concurrent writers
safe on all three.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class StateUnavailable(Exception):
    """The store cannot be reached: what a state call raises, and the tool's isError text."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"State is unavailable: {reason}. Nothing was read or written; try again in a moment.")


class KvStore(Protocol):
    kind: str

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_ms: int = 0) -> None:
        """`ttl_ms` 0: kept until deleted."""

    async def compare_and_set(self, key: str, expected: str | None, value: str, ttl_ms: int = 0) -> bool:
        """Writes `value` only if the key holds exactly `expected` (None: is absent); True when written."""

    async def delete(self, key: str) -> None: ...

    async def close(self) -> None: ...


class MemoryStore:
    """State in this process. One event loop: nothing comes between a read and a write."""

    kind = "memory"

    def __init__(self) -> None:
        # key → (value, expiry in epoch ms; 0: never)
        self.items: dict[str, tuple[str, float]] = {}

    def _live(self, key: str) -> str | None:
        item = self.items.get(key)
        if item is None:
            return None
        if item[1] and item[1] <= time.time() * 1000:
            del self.items[key]
            return None
        return item[0]

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def set(self, key: str, value: str, ttl_ms: int = 0) -> None:
        self.items[key] = (value, time.time() * 1000 + ttl_ms if ttl_ms > 0 else 0)
        self.changed()

    async def compare_and_set(self, key: str, expected: str | None, value: str, ttl_ms: int = 0) -> bool:
        if self._live(key) != expected:
            return False
        await self.set(key, value, ttl_ms)
        return True

    async def delete(self, key: str) -> None:
        if self.items.pop(key, None) is not None:
            self.changed()

    def changed(self) -> None:
        """Told after each write (the file store saves)."""

    async def close(self) -> None:
        pass


class FileStore(MemoryStore):
    """State of a single instance in one JSON file: saved soon after each change (atomically, by a
    rename) and on close. Not for several instances: each would keep its own copy; use Redis there."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._timer: asyncio.TimerHandle | None = None
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            saved = {}
        except (OSError, ValueError) as error:
            # A damaged file must not stop the server: it starts empty, and the next save replaces it.
            logger.warning("%s could not be read (%s); state starts empty.", path, error)
            saved = {}
        now = time.time() * 1000
        for key, item in saved.items() if isinstance(saved, dict) else []:
            if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str) and (not item[1] or item[1] > now):
                self.items[key] = (item[0], item[1])

    def changed(self) -> None:
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(0.2, self.save)

    def save(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.items), encoding="utf-8")
        temporary.replace(self.path)

    async def close(self) -> None:
        if self._timer is not None:
            self.save()


def redact_url(url: str) -> str:
    """What may be logged of a Redis URL: never its password."""
    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts).rstrip("/")


# Compare-and-set in one step on the server: ARGV = expected present (1/0), expected, value, ttl ms.
COMPARE_AND_SET = """
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if tonumber(ARGV[4]) > 0 then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3]) end
return 1
"""


class RedisStore:
    """State in Redis (`redis://` or `rediss://`; a private CA through SSL_CERT_FILE), shared by every
    instance. Bounded timeouts: with Redis down a call fails within about a second, and the next one
    reconnects. Each outage is logged once, with its end."""

    kind = "redis"

    def __init__(self, url: str) -> None:
        self.where = redact_url(url)
        # One retry on a fresh connection: after a Redis restart, the pool's old connections are dead.
        self.client = aioredis.from_url(
            url,
            socket_connect_timeout=1,
            socket_timeout=1,
            retry=Retry(ExponentialBackoff(cap=0.2, base=0.05), 1),
            decode_responses=True,
        )
        self._cas = self.client.register_script(COMPARE_AND_SET)
        self._down = False

    async def _run(self, command):  # type: ignore[no-untyped-def]
        try:
            result = await command
        except (RedisError, OSError) as error:
            if not self._down:
                self._down = True
                logger.warning("Redis at %s is unreachable (%s): state calls fail until it is back.", self.where, error)
            raise StateUnavailable(f"Redis at {self.where} is not reachable ({error})") from None
        if self._down:
            self._down = False
            logger.warning("Redis at %s is reachable again.", self.where)
        return result

    async def ping(self) -> None:
        await self._run(self.client.ping())

    async def get(self, key: str) -> str | None:
        return await self._run(self.client.get(key))

    async def set(self, key: str, value: str, ttl_ms: int = 0) -> None:
        await self._run(self.client.set(key, value, px=ttl_ms if ttl_ms > 0 else None))

    async def compare_and_set(self, key: str, expected: str | None, value: str, ttl_ms: int = 0) -> bool:
        args = ["0" if expected is None else "1", expected or "", value, str(max(0, ttl_ms))]
        return await self._run(self._cas(keys=[key], args=args)) == 1

    async def delete(self, key: str) -> None:
        await self._run(self.client.delete(key))

    async def close(self) -> None:
        await self.client.aclose()
