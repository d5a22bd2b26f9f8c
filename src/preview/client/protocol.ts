/**
 * What the preview page exchanges with its two neighbours: the dev server's event stream
 * (`PreviewEvent`), and the `window.openai` layer inside a widget frame. The frame's messages
 * travel by postMessage beside MCP Apps' JSON-RPC, which ignores them (they are not JSON-RPC),
 * and carry `channel` so the page tells them apart. Browser-safe: the server side imports
 * these types too.
 */

/** Which part of the project a rebuild or a build error is about. */
export type RebuildKind = "widget" | "server" | "config";

/** What the page is told as the project changes (`GET /__chatgpt-app/events`, the dev server's `preview` events). */
export type PreviewEvent =
  /** `source`: the new HTML, kept by the dev server for `POST /frames { source }` (the page need not read it back). */
  | { type: "widget-rebuilt"; name: string; uri: string; hash: string; source?: string; frame?: string }
  | { type: "server-rebuilt"; tools?: number }
  | { type: "build-error"; kind: RebuildKind; name: string; message: string };

export const CHANNEL = "chatgpt-app/preview";

/** The global the injected layer reads its first globals from (and deletes). */
export const INITIAL_GLOBALS_VAR = "__chatgptAppPreviewGlobals";

/** The global the injected layer reads what the host offers from (and deletes). */
export const FRAME_LAYER_VAR = "__chatgptAppPreviewLayer";

/** What the host profile asks of the layer in the frame; both on when not said. */
export interface FrameLayerOptions {
  /** Define `window.openai` (ChatGPT's bridge). */
  openai: boolean;
  /** Mirror the locale to `<html lang>`. */
  mirrorsLocale: boolean;
}

/** `window.openai` methods the layer forwards to the page. */
export type OpenAiMethod =
  | "callTool"
  | "sendFollowUpMessage"
  | "setWidgetState"
  | "requestDisplayMode"
  | "openExternal"
  | "notifyIntrinsicHeight"
  | "requestClose";

export type FrameToPage =
  /** The layer is listening: the page sends what changed since the document was written. */
  | { channel: typeof CHANNEL; kind: "ready" }
  /** The widget read a global the host does not define (`window.openai` outside ChatGPT). */
  | { channel: typeof CHANNEL; kind: "absent"; name: string }
  /** Answers `settle`: the document has loaded and a frame went by without a change to it. */
  | { channel: typeof CHANNEL; kind: "settled" }
  | { channel: typeof CHANNEL; kind: "openai"; id: number; method: OpenAiMethod; params: Record<string, unknown> }
  | {
      channel: typeof CHANNEL;
      kind: "csp-violation";
      directive: string;
      blockedURI: string;
      sourceFile: string;
      line: number;
      column: number;
    }
  | { channel: typeof CHANNEL; kind: "error"; message: string; source?: string; line?: number; column?: number };

export type PageToFrame =
  | { channel: typeof CHANNEL; kind: "reply"; id: number; result?: unknown; error?: string }
  | { channel: typeof CHANNEL; kind: "set-globals"; globals: Record<string, unknown> }
  /** The page has given the widget its data: say when its document has loaded and stopped changing. */
  | { channel: typeof CHANNEL; kind: "settle" };

/** A message before `channel` is added (distributes over the union, so each keeps its own fields). */
export type Unsent<M> = M extends unknown ? Omit<M, "channel"> : never;

export function isFrameMessage(data: unknown): data is FrameToPage {
  return typeof data === "object" && data !== null && (data as { channel?: unknown }).channel === CHANNEL;
}
