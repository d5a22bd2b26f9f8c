"""The tools' state on each store: memory, the JSON file, and Redis when TEST_REDIS_URL names a
running redis-server (e.g. TEST_REDIS_URL=redis://127.0.0.1:6379; skipped without it)."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from mcp.server.auth.middleware.auth_context import auth_context_var
from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
from mcp.server.auth.provider import AccessToken

from server.dice import DiceRoll, record_roll
from server.state import State, StateUnavailable, open_state
from server.stores import FileStore, MemoryStore, RedisStore

T = TypeVar("T")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


@pytest.fixture(params=["memory", "file", "redis"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Any]:
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("set TEST_REDIS_URL to a running redis-server to test the Redis store")
    return {"memory": MemoryStore, "file": lambda: FileStore(tmp_path / "state.json"), "redis": lambda: RedisStore(REDIS_URL)}[request.param]


def with_state(open_store: Callable[[], Any], use: Callable[[State], Awaitable[T]]) -> T:
    """Runs `use` on a fresh store (its own event loop), under a prefix of its own."""

    async def run() -> T:
        state = State(open_store(), f"chatgpt-app:test-{secrets.token_hex(4)}:")
        try:
            return await use(state)
        finally:
            await state.close()

    return asyncio.run(run())


def test_values_round_trip_typed(open_store: Callable[[], Any]) -> None:
    async def use(state: State) -> None:
        keys = state.handle(state.mint(), list[DiceRoll])
        assert await keys.get("history") is None
        await keys.set("history", [DiceRoll(rolls=[2, 3], total=5, sides=6)])
        assert await keys.get("history") == [DiceRoll(rolls=[2, 3], total=5, sides=6)]
        await keys.delete("history")
        assert await keys.get("history") is None
        # Two handles, two sets of keys, every key under the app's prefix.
        other = state.handle(state.mint())
        await other.set("n", {"a": 1})
        assert await state.handle(state.mint()).get("n") is None
        assert await other.get("n") == {"a": 1}
        assert other.prefix.startswith(state.prefix)

    with_state(open_store, use)


def test_compare_and_set_refuses_a_stale_version_and_update_loses_no_write(open_store: Callable[[], Any]) -> None:
    async def use(state: State) -> list[int]:
        keys = state.handle(state.mint(), int)
        assert await keys.compare_and_set("n", None, 1)
        assert not await keys.compare_and_set("n", None, 1), "absent no more"
        value, version = await keys.entry("n")
        assert value == 1
        assert await keys.compare_and_set("n", version, 2)
        assert not await keys.compare_and_set("n", version, 3), "a stale version"
        # The same value written again is another version.
        _, before = await keys.entry("n")
        await keys.set("n", 2)
        assert not await keys.compare_and_set("n", before, 9)
        # 50 writers at once: every increment lands.
        await asyncio.gather(*(keys.update("count", lambda n: (n or 0) + 1) for _ in range(50)))
        return [await keys.get("n"), await keys.get("count")]

    assert with_state(open_store, use) == [2, 50]


def test_values_expire_after_their_ttl(open_store: Callable[[], Any]) -> None:
    async def use(state: State) -> None:
        keys = state.handle(state.mint())
        await keys.set("short", "soon gone", ttl=0.3)
        await keys.set("kept", "stays")
        assert await keys.get("short") == "soon gone"
        await asyncio.sleep(0.5)
        assert await keys.get("short") is None
        assert await keys.get("kept") == "stays"
        with pytest.raises(ValueError, match="ttl must be a positive number of seconds"):
            await keys.set("bad", 1, ttl=0)

    with_state(open_store, use)


def test_a_handle_is_bound_to_the_signed_in_subject(open_store: Callable[[], Any]) -> None:
    def signed_in(subject: str) -> AuthenticatedUser:
        return AuthenticatedUser(AccessToken(token="t", client_id="c", scopes=[], subject=subject))

    async def use(state: State) -> list[Any]:
        handle = state.mint()
        token = auth_context_var.set(signed_in("alice"))
        try:
            await state.handle(handle).set("secret", "alice's")
            mine = await state.handle(handle).get("secret")
        finally:
            auth_context_var.reset(token)
        token = auth_context_var.set(signed_in("mallory"))
        try:
            theirs = await state.handle(handle).get("secret")
        finally:
            auth_context_var.reset(token)
        anonymous = await state.handle(handle).get("secret")
        return [mine, theirs, anonymous]

    assert with_state(open_store, use) == ["alice's", None, None]


def test_conversation_and_user_keys_come_from_the_request() -> None:
    async def use(state: State) -> None:
        await state.conversation({"openai/session": "s1"}).set("k", 1)
        assert await state.conversation({"openai/session": "s1"}).get("k") == 1
        assert await state.conversation({"openai/session": "s2"}).get("k") is None
        await state.user({"openai/subject": "u1"}).set("k", 2)
        assert await state.user({"openai/subject": "u1", "openai/session": "s9"}).get("k") == 2
        with pytest.raises(ValueError, match="no conversation"):
            state.conversation({})
        with pytest.raises(ValueError, match="names no user"):
            state.user(None)
        with pytest.raises(ValueError, match="Not a state handle"):
            state.handle("guessed")

    with_state(MemoryStore, use)


def test_the_dice_history_is_kept_per_session() -> None:
    async def use(state: State) -> None:
        first = await record_roll(state, None, DiceRoll(rolls=[1], total=1, sides=6))
        again = await record_roll(state, first.session, DiceRoll(rolls=[6, 6], total=12, sides=6))
        assert again.session == first.session
        assert [r.total for r in again.history] == [1, 12]
        fresh = await record_roll(state, "not a handle", DiceRoll(rolls=[3], total=3, sides=6))
        assert fresh.session != first.session and State.is_handle(fresh.session) and len(fresh.history) == 1

    with_state(MemoryStore, use)


def test_the_file_store_keeps_state_over_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state" / "state.json"

    async def write() -> None:
        store = FileStore(path)
        await store.set("k", "v")
        await store.set("gone", "x", ttl_ms=1)
        await store.close()

    asyncio.run(write())
    time.sleep(0.01)

    async def read() -> list[Any]:
        store = FileStore(path)
        return [await store.get("k"), await store.get("gone")]

    assert asyncio.run(read()) == ["v", None]
    path.write_text("{damaged", encoding="utf-8")
    assert asyncio.run(FileStore(path).get("k")) is None, "a damaged file starts empty"


def test_redis_down_fails_fast_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    # What the server logs, kept here (not in the test report).
    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    stores_log = logging.getLogger("server.stores")
    monkeypatch.setattr(stores_log, "propagate", False)
    monkeypatch.setattr(stores_log, "handlers", [handler])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    async def use(state: State) -> str:
        with pytest.raises(StateUnavailable) as raised:
            await state.handle(state.mint()).get("k")
        assert await state.check() == str(raised.value)
        return str(raised.value)

    message = with_state(lambda: RedisStore(f"redis://:secret@127.0.0.1:{port}"), use)
    assert len(logged) == 1 and logged[0].startswith(f"Redis at redis://:***@127.0.0.1:{port} is unreachable"), "one outage, one line"
    assert message.startswith(f"State is unavailable: Redis at redis://:***@127.0.0.1:{port} is not reachable (")
    assert message.endswith("Nothing was read or written; try again in a moment.")
    assert "secret" not in message


def test_the_store_comes_from_the_environment(tmp_path: Path) -> None:
    assert isinstance(open_state("app", {}).store, MemoryStore)
    assert open_state("app", {}).prefix == "chatgpt-app:app:"
    assert open_state("app", {"STATE_PREFIX": "mine:"}).prefix == "mine:"
    assert isinstance(open_state("app", {"STATE_FILE": str(tmp_path / "s.json")}).store, FileStore)
    assert isinstance(open_state("app", {"REDIS_URL": "rediss://u:p@example.com:6380"}).store, RedisStore)
    with pytest.raises(SystemExit, match="REDIS_URL must start with redis:// or rediss://"):
        open_state("app", {"REDIS_URL": "http://u:p@example.com"})
