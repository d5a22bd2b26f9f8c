import { getWidgetRuntime, type WidgetSnapshot } from "chatgpt-app/widget";
import "./styles.css";

/** `structuredContent` of roll_dice: the tool's outputSchema, declared on the server. */
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
const root = document.getElementById("root")!;
// The host as one store: the MCP Apps `ui/*` bridge, with window.openai where it exists (ChatGPT).
const widget = getWidgetRuntime();
let busy = false;
let error: string | undefined;

function isRoll(value: unknown): value is DiceRoll {
  const data = value as Partial<DiceRoll> | null | undefined;
  return Array.isArray(data?.rolls) && typeof data.total === "number" && typeof data.sides === "number";
}

/** A saved roll is newer than the model's call (the user rolled again): it wins. */
function viewOf(snapshot: WidgetSnapshot): { roll?: DiceRoll; history: number[] } {
  const saved = snapshot.widgetState as DiceState | null;
  const roll = saved?.roll ?? (isRoll(snapshot.toolOutput) ? snapshot.toolOutput : undefined);
  return { roll, history: (roll?.history ?? (roll ? [roll] : [])).map((r) => r.total).slice(-SHOWN - 1) };
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Draws the whole view again; it is small, so there is nothing to diff. */
function render() {
  const snapshot = widget.getSnapshot();
  document.documentElement.dataset.theme = snapshot.theme;
  const { roll, history } = viewOf(snapshot);
  if (!roll) {
    root.replaceChildren(element("p", { className: "waiting" }, "Waiting for the dice…"));
    return;
  }
  const faces = element("ul", { className: "faces" }, ...roll.rolls.map((value) => element("li", { className: "face" }, String(value))));
  faces.setAttribute("aria-label", `${roll.rolls.length} dice with ${roll.sides} sides`);
  const button = element("button", { type: "button", disabled: busy, onclick: () => void rollAgain() }, busy ? "Rolling…" : "Roll again");
  const main = element(
    "main",
    { className: "dice" },
    faces,
    element("p", { className: "total" }, "Total ", element("strong", {}, String(roll.total)), " ", element("span", { className: "muted" }, `(d${roll.sides})`)),
    button,
  );
  if (history.length > 1) main.append(element("p", { className: "muted history" }, `Earlier totals: ${history.slice(0, -1).join(", ")}`));
  if (error) main.append(element("p", { className: "error" }, error));
  root.replaceChildren(main);
}

async function rollAgain() {
  const { roll } = viewOf(widget.getSnapshot());
  if (!roll) return;
  busy = true;
  error = undefined;
  render();
  try {
    // Calls the server's tool from the widget: its visibility includes "app".
    const result = await widget.callTool("roll_dice", { count: roll.rolls.length, sides: roll.sides, ...(roll.session ? { session: roll.session } : {}) });
    const next = result.structuredContent;
    if (result.isError || !isRoll(next)) throw new Error("the tool returned no dice");
    await widget.setWidgetState({ roll: next } satisfies DiceState);
  } catch (e) {
    error = `Rolling failed: ${e instanceof Error ? e.message : String(e)}`;
  } finally {
    busy = false;
    render();
  }
}

widget.subscribe(render);
render();
