"""The app's own logic, kept apart from the MCP wiring so it is easy to test and reuse."""

from __future__ import annotations

import random
from collections.abc import Callable

from pydantic import BaseModel, Field

from .state import State

# Rolls kept per widget session (the oldest are dropped), for a week after the last one.
HISTORY_LENGTH = 20
HISTORY_TTL = 7 * 24 * 3600


class DiceRoll(BaseModel):
    """One roll: the dice and their total."""

    rolls: list[int] = Field(description="The value of each die, in order.")
    total: int = Field(description="The sum of all dice.")
    sides: int = Field(description="Sides on each die.")


class DiceResult(DiceRoll):
    """What roll_dice returns as structuredContent (its outputSchema), and what the widget renders."""

    session: str = Field(description="The widget session: pass it back to roll again in the same history.")
    history: list[DiceRoll] = Field(description="The rolls of this session, oldest first (this one last).")


def roll_dice(count: int, sides: int, rand: Callable[[], float] = random.random) -> DiceRoll:
    """Rolls `count` dice with `sides` sides each. `rand` is injectable for tests."""
    rolls = [1 + int(rand() * sides) for _ in range(count)]
    return DiceRoll(rolls=rolls, total=sum(rolls), sides=sides)


async def record_roll(state: State, session: str | None, roll: DiceRoll) -> DiceResult:
    """Adds `roll` to the history of a widget session, kept by the server (memory under dev and in
    the tests, a file or Redis under `npm start`), so it survives a reload and any instance serves
    it. A missing or unknown session gets a new one."""
    if session is None or not state.is_handle(session):
        session = state.mint()
    keys = state.handle(session, list[DiceRoll])
    history = await keys.update("history", lambda rolls: [*(rolls or []), roll][-HISTORY_LENGTH:], ttl=HISTORY_TTL)
    return DiceResult(**roll.model_dump(), session=session, history=history)
