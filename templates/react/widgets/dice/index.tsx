import { StrictMode, useSyncExternalStore } from "react";
import { createRoot } from "react-dom/client";
import { App, type CallToolResult } from "../lib/mcp-app";
import { loadWidgetState, saveWidgetState } from "../lib/widget-state";
import "./styles.css";

/** `structuredContent` of roll_dice (its outputSchema in server/index.ts). */
interface DiceRoll {
  rolls: number[];
  total: number;
  sides: number;
}

/** Saved with the widget: when ChatGPT shows it again, it shows the user's latest roll, not the first. */
interface DiceState {
  roll: DiceRoll;
  history: number[];
}

interface View {
  roll?: DiceRoll;
  history: number[];
  busy: boolean;
  error?: string;
}

const HISTORY_LENGTH = 8;

// The widget's state lives outside React, so the bridge can update it at any time.
const saved = loadWidgetState<DiceState>();
let view: View = { roll: saved?.roll, history: saved?.history ?? [], busy: false };
const listeners = new Set<() => void>();
const update = (patch: Partial<View>) => {
  view = { ...view, ...patch };
  for (const listener of listeners) listener();
};
const useView = () =>
  useSyncExternalStore(
    (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    () => view,
  );

function rollOf(result: CallToolResult): DiceRoll | undefined {
  const data = result.structuredContent as Partial<DiceRoll> | undefined;
  return Array.isArray(data?.rolls) && typeof data.total === "number" && typeof data.sides === "number" ? (data as DiceRoll) : undefined;
}

function showRoll(roll: DiceRoll) {
  const history = [...view.history, roll.total].slice(-HISTORY_LENGTH);
  saveWidgetState<DiceState>({ roll, history });
  update({ roll, history, error: undefined });
}

const app = new App({ name: "dice", version: "0.1.0" });
const applyTheme = (theme: string | undefined) => (document.documentElement.dataset.theme = theme ?? "light");
// Handlers first, then connect: the host sends the tool's result right after the handshake.
app.ontoolresult = (result) => {
  const roll = rollOf(result);
  // A saved roll is newer than the model's call (the user rolled again): keep showing it.
  if (roll && !view.roll) showRoll(roll);
};
app.onhostcontextchanged = (context) => applyTheme(context.theme);
app
  .connect()
  .then(() => applyTheme(app.getHostContext().theme))
  .catch((e: unknown) => update({ error: `Could not reach the host: ${String(e)}` }));

async function rollAgain() {
  const { roll } = view;
  if (!roll) return;
  update({ busy: true, error: undefined });
  try {
    // Calls the server's tool from the widget: its visibility includes "app".
    const result = await app.callServerTool({ name: "roll_dice", arguments: { count: roll.rolls.length, sides: roll.sides } });
    const next = rollOf(result);
    if (result.isError || !next) throw new Error("the tool returned no dice");
    showRoll(next);
  } catch (e) {
    update({ error: `Rolling failed: ${e instanceof Error ? e.message : String(e)}` });
  } finally {
    update({ busy: false });
  }
}

function Dice() {
  const { roll, history, busy, error } = useView();
  if (!roll) return <p className="waiting">{error ?? "Waiting for the dice…"}</p>;
  return (
    <main className="dice">
      <ul className="faces" aria-label={`${roll.rolls.length} dice with ${roll.sides} sides`}>
        {roll.rolls.map((value, i) => (
          <li key={i} className="face">
            {value}
          </li>
        ))}
      </ul>
      <p className="total">
        Total <strong>{roll.total}</strong> <span className="muted">(d{roll.sides})</span>
      </p>
      <button type="button" onClick={rollAgain} disabled={busy}>
        {busy ? "Rolling…" : "Roll again"}
      </button>
      {history.length > 1 && <p className="muted history">Earlier totals: {history.slice(0, -1).join(", ")}</p>}
      {error && <p className="error">{error}</p>}
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Dice />
  </StrictMode>,
);
