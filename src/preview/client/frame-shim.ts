/**
 * Runs first inside every widget frame of the preview: when the host profile offers it,
 * `window.openai` (globals, methods and the `openai:set_globals` event) over postMessage to the
 * page, and the locale mirrored to `<html lang>`; always, CSP violations and uncaught errors
 * reported to the page's log. Bundled as one inline script.
 */
import {
  CHANNEL,
  FRAME_LAYER_VAR,
  INITIAL_GLOBALS_VAR,
  type FrameLayerOptions,
  type FrameToPage,
  type OpenAiMethod,
  type PageToFrame,
  type Unsent,
} from "./protocol.js";

type Globals = Record<string, unknown>;
type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

const host = window.parent;
const holder = window as unknown as Record<string, unknown>;
const initial = (holder[INITIAL_GLOBALS_VAR] ?? {}) as Globals;
const layer = { openai: true, mirrorsLocale: true, ...(holder[FRAME_LAYER_VAR] as Partial<FrameLayerOptions> | undefined) };
delete holder[INITIAL_GLOBALS_VAR];
delete holder[FRAME_LAYER_VAR];

const pending = new Map<number, Pending>();
let nextId = 1;
const post = (message: Unsent<FrameToPage>) => host.postMessage({ channel: CHANNEL, ...message }, "*");

function request(method: OpenAiMethod, params: Record<string, unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    post({ kind: "openai", id, method, params });
  });
}

const openai: Globals = {
  ...initial,
  callTool: (name: string, args: Record<string, unknown> = {}) => request("callTool", { name, args }),
  sendFollowUpMessage: async (args: { prompt: string; scrollToBottom?: boolean }) => {
    await request("sendFollowUpMessage", { ...args });
  },
  setWidgetState: async (state: unknown) => {
    // ChatGPT "stores … synchronously": the new state is readable at once.
    applyGlobals({ widgetState: state });
    await request("setWidgetState", { state });
  },
  requestDisplayMode: (args: { mode: string }) => request("requestDisplayMode", { ...args }),
  openExternal: (args: { href: string }) => {
    void request("openExternal", { ...args });
  },
  notifyIntrinsicHeight: (height: number | { height: number }) => {
    void request("notifyIntrinsicHeight", { height: typeof height === "number" ? height : height?.height });
  },
  requestClose: () => request("requestClose", {}).then(() => undefined),
};

function applyGlobals(globals: Globals): void {
  if (layer.mirrorsLocale && typeof globals.locale === "string") document.documentElement.lang = globals.locale;
  if (!layer.openai) return;
  Object.assign(openai, globals);
  window.dispatchEvent(new CustomEvent("openai:set_globals", { detail: { globals } }));
}

if (layer.openai) Object.defineProperty(window, "openai", { value: openai, configurable: true, enumerable: true, writable: true });
else {
  // Undefined, as in a host without it; the first read is told to the page, which says so in the log.
  let told = false;
  Object.defineProperty(window, "openai", {
    configurable: true,
    get() {
      if (!told) post({ kind: "absent", name: "window.openai" });
      told = true;
      return undefined;
    },
  });
}
if (layer.mirrorsLocale && typeof initial.locale === "string") document.documentElement.lang = initial.locale;

/**
 * A new frame is prepared while the one it replaces still shows; the page swaps them once this
 * one has drawn what it was given: loaded, then an animation frame without a DOM change (or
 * 100 ms, for a frame the browser does not animate).
 */
let changed = false;
new MutationObserver(() => (changed = true)).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
function settle(): void {
  if (document.readyState !== "complete") return void window.addEventListener("load", settle, { once: true });
  let done = false;
  const settled = () => {
    if (done) return;
    done = true;
    post({ kind: "settled" });
  };
  const check = () => {
    if (!changed) return settled();
    changed = false;
    requestAnimationFrame(check);
  };
  changed = false;
  requestAnimationFrame(check);
  setTimeout(settled, 100);
}

window.addEventListener("message", (event: MessageEvent) => {
  const data = event.data as PageToFrame | undefined;
  if (event.source !== host || data?.channel !== CHANNEL) return;
  if (data.kind === "set-globals") applyGlobals(data.globals);
  if (data.kind === "settle") settle();
  if (data.kind === "reply") {
    const call = pending.get(data.id);
    pending.delete(data.id);
    if (data.error !== undefined) call?.reject(new Error(data.error));
    else call?.resolve(data.result);
  }
});

document.addEventListener("securitypolicyviolation", (e) =>
  post({
    kind: "csp-violation",
    directive: e.effectiveDirective || e.violatedDirective,
    blockedURI: e.blockedURI,
    sourceFile: e.sourceFile,
    line: e.lineNumber,
    column: e.columnNumber,
  }),
);
window.addEventListener("error", (e) => post({ kind: "error", message: e.message, source: e.filename, line: e.lineno, column: e.colno }));
window.addEventListener("unhandledrejection", (e) => {
  const reason = e.reason as { message?: unknown } | undefined;
  post({ kind: "error", message: `Unhandled rejection: ${String(reason?.message ?? reason)}` });
});

post({ kind: "ready" });
