/** The app's own logic, kept apart from the MCP wiring so it is easy to test and reuse. */
export interface DiceRoll {
  rolls: number[];
  total: number;
  sides: number;
}

/** Rolls `count` dice with `sides` sides each. `random` is injectable for tests. */
export function rollDice(count: number, sides: number, random: () => number = Math.random): DiceRoll {
  const rolls = Array.from({ length: count }, () => 1 + Math.floor(random() * sides));
  return { rolls, total: rolls.reduce((sum, value) => sum + value, 0), sides };
}
