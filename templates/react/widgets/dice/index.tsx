import { StrictMode, useEffect } from "react";
import { createRoot } from "react-dom/client";
import { useCallTool, useTheme, useToolOutput, useWidgetState } from "chatgpt-app/react";
import "./styles.css";

/** `structuredContent` of roll_dice (its outputSchema in server/index.ts). */
interface DiceRoll {
  rolls: number[];
  total: number;
  sides: number;
  /** The widget session, passed back on "Roll again" so the server adds to the same history. */
  session?: string;
  /** The rolls of this session, oldest first, kept by the server (they survive a reload). */
  history?: Array<{ total: number }>;
}

/** Saved with the widget: when ChatGPT shows it again, it shows the user's latest roll, not the first. */
interface DiceState {
  roll: DiceRoll;
}

/** Earlier totals shown under the dice. */
const SHOWN = 8;

function isRoll(value: unknown): value is DiceRoll {
  const data = value as Partial<DiceRoll> | null | undefined;
  return Array.isArray(data?.rolls) && typeof data.total === "number" && typeof data.sides === "number";
}

function Dice() {
  // The hooks work in ChatGPT and in any MCP Apps host: the `ui/*` bridge, with window.openai where it exists.
  const first = useToolOutput<DiceRoll>();
  const [saved, setSaved] = useWidgetState<DiceState | null>(null);
  const again = useCallTool<{ count: number; sides: number; session?: string }, DiceRoll>("roll_dice");
  const theme = useTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // A saved roll is newer than the model's call (the user rolled again): it wins.
  const roll = saved?.roll ?? (isRoll(first) ? first : undefined);
  if (!roll) return <p className="waiting">Waiting for the dice…</p>;
  const history = (roll.history ?? [roll]).map((r) => r.total).slice(-SHOWN - 1);

  async function rollAgain(current: DiceRoll) {
    // Calls the server's tool from the widget: its visibility includes "app".
    const result = await again.call({ count: current.rolls.length, sides: current.sides, ...(current.session ? { session: current.session } : {}) });
    const next = result?.isError ? undefined : result?.structuredContent;
    if (isRoll(next)) setSaved({ roll: next });
  }

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
      <button type="button" onClick={() => void rollAgain(roll)} disabled={again.isPending}>
        {again.isPending ? "Rolling…" : "Roll again"}
      </button>
      {history.length > 1 && <p className="muted history">Earlier totals: {history.slice(0, -1).join(", ")}</p>}
      {again.error && <p className="error">Rolling failed: {again.error.message}</p>}
    </main>
  );
}

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <Dice />
  </StrictMode>,
);
