"""The app's own logic, kept apart from the MCP wiring so it is easy to test and reuse."""

from __future__ import annotations

import random
from collections.abc import Callable

from pydantic import BaseModel, Field


class DiceRoll(BaseModel):
    """What roll_dice returns as structuredContent, and what the widget renders."""

    rolls: list[int] = Field(description="The value of each die, in order.")
    total: int = Field(description="The sum of all dice.")
    sides: int = Field(description="Sides on each die.")


def roll_dice(count: int, sides: int, rand: Callable[[], float] = random.random) -> DiceRoll:
    """Rolls `count` dice with `sides` sides each. `rand` is injectable for tests."""
    rolls = [1 + int(rand() * sides) for _ in range(count)]
    return DiceRoll(rolls=rolls, total=sum(rolls), sides=sides)
