/** The app's own logic, kept apart from the MCP wiring so it is easy to test and reuse. */
import type { ToolState } from "chatgpt-app/server";

export interface DiceRoll {
  rolls: number[];
  total: number;
  sides: number;
}

/** What roll_dice returns: the roll, the widget session it belongs to, and that session's rolls, oldest first. */
export interface DiceResult extends DiceRoll {
  session: string;
  history: DiceRoll[];
}

/** Rolls kept per widget session (the oldest are dropped), for a week after the last one. */
export const HISTORY_LENGTH = 20;
const HISTORY_TTL = 7 * 24 * 3600;

/** Rolls `count` dice with `sides` sides each. `random` is injectable for tests. */
export function rollDice(count: number, sides: number, random: () => number = Math.random): DiceRoll {
  const rolls = Array.from({ length: count }, () => 1 + Math.floor(random() * sides));
  return { rolls, total: rolls.reduce((sum, value) => sum + value, 0), sides };
}

/**
 * Adds `roll` to the history of a widget session, kept by the server (memory in dev and tests, a
 * file or Redis under `start`), so it survives a reload and any instance serves it. A missing or
 * unknown session gets a new one.
 */
export async function recordRoll(state: ToolState, session: string | undefined, roll: DiceRoll): Promise<DiceResult> {
  let id = session;
  let keys;
  try {
    keys = state.handle(id ?? "");
  } catch {
    id = state.mint();
    keys = state.handle(id);
  }
  const history = await keys.update<DiceRoll[]>("history", (rolls = []) => [...rolls, roll].slice(-HISTORY_LENGTH), { ttl: HISTORY_TTL });
  return { ...roll, session: id!, history };
}
