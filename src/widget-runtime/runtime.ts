/**
 * The framework-free core of a widget: one store of what the host told the widget, fed by
 * the MCP Apps bridge (ui-client.ts, the `ui/*` standard over postMessage that every MCP Apps
 * host and ChatGPT speak) and, behind feature detection, by ChatGPT's `window.openai`.
 *
 * Which bridge carries what:
 * - Data (tool input and result, theme, display mode, locale, …): MCP Apps once its handshake
 *   is done. Before that, or in a host that never answers `ui/initialize` (a legacy
 *   `text/html+skybridge` widget in ChatGPT), `window.openai`'s globals.
 * - Actions (call a tool, send a follow-up, open a link, change display mode): MCP Apps when
 *   connected; `window.openai` when it is not (yet) and has the method.
 * - Widget state: `window.openai.setWidgetState` when it exists (ChatGPT keeps the state with
 *   the widget instance); otherwise it lives in memory and is offered to the model through
 *   `ui/update-model-context` when the host accepts that.
 */
import { findOpenAi, snapshotPatchFromHostContext, snapshotPatchFromOpenAi, toCallToolResult } from "./openai.js";
import {
  SET_GLOBALS_EVENT,
  type BridgeKind,
  type CallToolResult,
  type DisplayMode,
  type OpenAiApi,
  type OpenAiGlobals,
  type OpenAiMethods,
  type SetGlobalsEventDetail,
  type WidgetSnapshot,
} from "./types.js";
import { UiClient } from "./ui-client.js";

export interface WidgetRuntimeOptions {
  /** The widget's window (default: the global one). */
  window?: Window;
  /** How the widget introduces itself in `ui/initialize`. */
  appInfo?: { name: string; version: string };
  /** Set false to never try the MCP Apps bridge. By default it is tried whenever the widget is framed. */
  mcpApps?: boolean;
}

/** What a widget can read from and ask of its host, whichever bridge it runs on. */
export interface WidgetRuntime {
  getSnapshot(): WidgetSnapshot;
  /** Calls `listener` after every change of the snapshot; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Settles with the bridge in use once the MCP Apps handshake ended (or was never tried). */
  readonly ready: Promise<BridgeKind>;
  /** Calls a tool of the widget's own server (its visibility must include "app"). */
  callTool(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  /** Posts a message in the conversation as if the user wrote it. */
  sendFollowUpMessage(prompt: string): Promise<void>;
  /** Saves state for this widget instance; ChatGPT shows it to the model, so keep it small. */
  setWidgetState(state: unknown): Promise<void>;
  /** Asks for a display mode; resolves with the one the host granted. */
  requestDisplayMode(mode: DisplayMode): Promise<DisplayMode>;
  /** Asks the host to open a URL outside the widget. */
  openExternal(href: string): Promise<void>;
  /**
   * The MCP Apps client, for the rest of the standard (ext-apps `App`'s method names:
   * `callServerTool`, `readServerResource`, `sendLog`, `getHostContext`, …, and `request` for
   * any other method); undefined when not framed.
   */
  readonly app: UiClient | undefined;
  close(): Promise<void>;
}

/** A host refused a request, or no bridge can carry it. */
export class WidgetHostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WidgetHostError";
  }
}

const DISPLAY_MODES: DisplayMode[] = ["inline", "pip", "fullscreen"];

function initialSnapshot(win: Window): WidgetSnapshot {
  const dark = typeof win.matchMedia === "function" && win.matchMedia("(prefers-color-scheme: dark)").matches;
  return {
    bridge: "none",
    toolInput: null,
    toolOutput: null,
    toolResponseMetadata: null,
    toolResult: null,
    widgetState: null,
    theme: dark ? "dark" : "light",
    displayMode: "inline",
    locale: win.navigator?.language ?? "en-US",
    maxHeight: undefined,
    safeArea: { top: 0, right: 0, bottom: 0, left: 0 },
    device: { type: "unknown", touch: false, hover: true },
  };
}

function textOf(result: { content?: unknown }): string | undefined {
  const content = Array.isArray(result.content) ? (result.content as Array<{ type?: string; text?: string }>) : [];
  return content.find((c) => c.type === "text")?.text;
}

/** Creates a runtime. Widgets normally share one through `getWidgetRuntime()`. */
export function createWidgetRuntime(options: WidgetRuntimeOptions = {}): WidgetRuntime {
  const win = options.window ?? globalThis.window;
  const openai: OpenAiApi | undefined = findOpenAi(win);
  const listeners = new Set<() => void>();
  let snapshot = initialSnapshot(win);
  let connected = false;

  const patch = (changes: Partial<WidgetSnapshot>) => {
    const keys = Object.keys(changes) as Array<keyof WidgetSnapshot>;
    if (keys.every((k) => Object.is(snapshot[k], changes[k]))) return;
    snapshot = { ...snapshot, ...changes };
    for (const listener of [...listeners]) listener();
  };

  if (openai) patch({ ...snapshotPatchFromOpenAi(openai as Partial<OpenAiGlobals>, snapshot), bridge: "openai" });

  const onSetGlobals = (event: Event) => {
    const globals = (event as CustomEvent<SetGlobalsEventDetail>).detail?.globals ?? {};
    const changes = snapshotPatchFromOpenAi(globals, snapshot);
    // Once MCP Apps carries the data, window.openai only adds what MCP Apps has no word for.
    patch(connected ? ("widgetState" in changes ? { widgetState: changes.widgetState } : {}) : changes);
  };
  win.addEventListener(SET_GLOBALS_EVENT, onSetGlobals);

  const framed = win.parent !== undefined && win.parent !== win;
  const app =
    options.mcpApps !== false && framed
      ? new UiClient(
          options.appInfo ?? { name: win.document?.title || "widget", version: "0.0.0" },
          { availableDisplayModes: DISPLAY_MODES },
          { autoResize: true, window: win },
        )
      : undefined;

  const ready: Promise<BridgeKind> = (async () => {
    if (!app) return snapshot.bridge;
    // Handlers before connect(): the host sends the tool's input and result right after the handshake.
    app.ontoolinput = ({ arguments: args }) => patch({ toolInput: args ?? {} });
    app.ontoolresult = (result) =>
      patch({
        toolResult: result,
        toolOutput: result.structuredContent ?? null,
        toolResponseMetadata: (result._meta as Record<string, unknown> | undefined) ?? null,
      });
    app.onhostcontextchanged = (context) => patch(snapshotPatchFromHostContext(context, snapshot));
    app.onteardown = async () => ({});
    try {
      await app.connect();
    } catch {
      // No MCP Apps host answered (a legacy ChatGPT widget, or a page opened on its own).
      return snapshot.bridge;
    }
    connected = true;
    patch({ bridge: "mcp-apps", ...snapshotPatchFromHostContext(app.getHostContext() ?? {}, snapshot) });
    return "mcp-apps";
  })();

  /** MCP Apps when connected; window.openai when it has the method; else wait for the handshake. */
  const route = async (method: keyof OpenAiMethods): Promise<"mcp-apps" | "openai"> => {
    if (connected) return "mcp-apps";
    if (typeof openai?.[method] === "function") return "openai";
    if ((await ready) === "mcp-apps") return "mcp-apps";
    throw new WidgetHostError(`No host bridge can ${method}: the widget is not in an MCP Apps host and has no window.openai.${method}.`);
  };

  const refused = (what: string, result: { isError?: boolean; content?: unknown }) => {
    if (result.isError) throw new WidgetHostError(`The host refused ${what}${textOf(result) ? `: ${textOf(result)}` : "."}`);
  };

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready,
    app,
    async callTool(name, args = {}) {
      if ((await route("callTool")) === "mcp-apps") return app!.callServerTool({ name, arguments: args });
      return toCallToolResult(await openai!.callTool!(name, args));
    },
    async sendFollowUpMessage(prompt) {
      if ((await route("sendFollowUpMessage")) === "openai") return openai!.sendFollowUpMessage!({ prompt });
      refused("the message", await app!.sendMessage({ role: "user", content: [{ type: "text", text: prompt }] }));
    },
    async setWidgetState(state) {
      patch({ widgetState: state });
      if (typeof openai?.setWidgetState === "function") {
        await openai.setWidgetState(state);
        return;
      }
      if ((await ready) !== "mcp-apps" || !app?.getHostCapabilities()?.updateModelContext) return;
      const structuredContent = typeof state === "object" && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : { state };
      await app.updateModelContext({ structuredContent });
    },
    async requestDisplayMode(mode) {
      if ((await route("requestDisplayMode")) === "openai") {
        const granted = (await openai!.requestDisplayMode!({ mode }))?.mode ?? mode;
        patch({ displayMode: granted });
        return granted;
      }
      const { mode: granted } = await app!.requestDisplayMode({ mode });
      patch({ displayMode: granted });
      return granted;
    },
    async openExternal(href) {
      if ((await route("openExternal")) === "openai") return openai!.openExternal!({ href });
      refused(`to open ${href}`, await app!.openLink({ url: href }));
    },
    async close() {
      win.removeEventListener(SET_GLOBALS_EVENT, onSetGlobals);
      listeners.clear();
      if (connected) app!.close();
    },
  };
}

/** One runtime per window, shared by every copy of chatgpt-app/widget and chatgpt-app/react in the page. */
const SHARED = Symbol.for("chatgpt-app.widget-runtime");

/** The page's runtime, created (and connected to its host) on first use. */
export function getWidgetRuntime(): WidgetRuntime {
  const holder = globalThis as typeof globalThis & { [SHARED]?: WidgetRuntime };
  holder[SHARED] ??= createWidgetRuntime();
  return holder[SHARED];
}
