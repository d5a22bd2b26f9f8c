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
const root = document.getElementById("root")!;

const saved = loadWidgetState<DiceState>();
let view: View = { roll: saved?.roll, history: saved?.history ?? [], busy: false };

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Array<Node | string>) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Draws the whole view again; it is small, so there is nothing to diff. */
function render() {
  const { roll, history, busy, error } = view;
  if (!roll) {
    root.replaceChildren(element("p", { className: "waiting" }, error ?? "Waiting for the dice…"));
    return;
  }
  const faces = element("ul", { className: "faces" }, ...roll.rolls.map((value) => element("li", { className: "face" }, String(value))));
  faces.setAttribute("aria-label", `${roll.rolls.length} dice with ${roll.sides} sides`);
  const button = element("button", { type: "button", disabled: busy, onclick: rollAgain }, busy ? "Rolling…" : "Roll again");
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

function update(patch: Partial<View>) {
  view = { ...view, ...patch };
  render();
}

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

render();
