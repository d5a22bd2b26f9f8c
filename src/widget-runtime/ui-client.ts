/**
 * The view side of MCP Apps (`ui/*` JSON-RPC 2.0 over `postMessage` with the parent window),
 * speaking exactly what ext-apps' `App` (1.x and 2.x alike) sends and answers: the same
 * handshake, method names, request ids, timeouts and auto-resize. A host's error rejects with
 * `McpError`, named and worded as 1.x's `App` does (2.x's says `ProtocolError`, same code and data). Hand-written because `App` brings the MCP
 * SDK's Protocol and all of zod (about 500 KB minified) into every widget.
 * Types are written out: ext-apps' declaration files are not readable under NodeNext (types.ts).
 */
import type { CallToolResult, DisplayMode, HostContext } from "./types.js";

/** The version ext-apps 1.x puts in `ui/initialize` (its `LATEST_PROTOCOL_VERSION`). */
export const PROTOCOL_VERSION = "2026-01-26";
/** The MCP SDK's default request timeout, which every request of `App` runs under. */
export const REQUEST_TIMEOUT_MS = 60_000;

type Params = Record<string, unknown>;
type ContentBlock = CallToolResult["content"][number];
type Handler<T> = ((params: T) => void) | undefined;

export type Implementation = { name: string; version: string };
/** `McpUiAppCapabilities`: what the view tells the host in `ui/initialize`. */
export type AppCapabilities = { availableDisplayModes?: DisplayMode[]; tools?: { listChanged?: boolean }; experimental?: Params };
/** `McpUiHostCapabilities` (openLinks, serverTools, serverResources, logging, updateModelContext, message, …): a key per feature. */
export type HostCapabilities = Record<string, Params | undefined>;

/** A JSON-RPC error response from the host, with the MCP SDK's `McpError` message and fields. */
export class McpError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(`MCP error ${code}: ${message}`);
    this.name = "McpError";
    this.code = code;
    this.data = data;
  }
}

interface Pending {
  resolve(result: Params): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  restart?: () => void;
}

const isRecord = (value: unknown): value is Params => typeof value === "object" && value !== null && !Array.isArray(value);

/** The MCP SDK's CallToolResultSchema defaults `content` to `[]`. */
const toToolResult = (result: Params): CallToolResult => ({ ...result, content: Array.isArray(result.content) ? result.content : [] }) as CallToolResult;

/** Host→view notifications and the `on*` handler each one calls (ext-apps' `App` names). */
const EVENTS = {
  "ui/notifications/tool-input": "ontoolinput",
  "ui/notifications/tool-input-partial": "ontoolinputpartial",
  "ui/notifications/tool-result": "ontoolresult",
  "ui/notifications/tool-cancelled": "ontoolcancelled",
  "ui/notifications/host-context-changed": "onhostcontextchanged",
} as const;

export class UiClient {
  ontoolinput: Handler<{ arguments?: Params }>;
  ontoolinputpartial: Handler<{ arguments?: Params }>;
  ontoolresult: Handler<CallToolResult>;
  ontoolcancelled: Handler<{ reason?: string }>;
  /** Receives only what changed; `getHostContext()` has the whole, merged context. */
  onhostcontextchanged: Handler<HostContext>;
  /** Answers `ui/resource-teardown`; without one the host gets "Method not found", as from `App`. */
  onteardown: ((params: Params) => Params | Promise<Params>) | undefined;

  private readonly win: Window;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private listening = false;
  private hostCapabilities: HostCapabilities | undefined;
  private hostInfo: Implementation | undefined;
  private hostContext: HostContext | undefined;
  private stopResize: (() => void) | undefined;

  constructor(
    private readonly appInfo: Implementation,
    private readonly capabilities: AppCapabilities = {},
    private readonly options: { autoResize?: boolean; window?: Window; timeoutMs?: number } = { autoResize: true },
  ) {
    this.win = options.window ?? globalThis.window;
  }

  /** The `ui/initialize` handshake, then `ui/notifications/initialized`. Rejects (and closes) when no host answers. */
  async connect(): Promise<void> {
    if (this.listening) throw new Error("The MCP Apps client is already connected.");
    this.win.addEventListener("message", this.onMessage);
    this.listening = true;
    try {
      const result = await this.request("ui/initialize", { appCapabilities: this.capabilities, appInfo: this.appInfo, protocolVersion: PROTOCOL_VERSION });
      this.hostCapabilities = result.hostCapabilities as HostCapabilities;
      this.hostInfo = result.hostInfo as Implementation;
      this.hostContext = result.hostContext as HostContext;
      await this.notification("ui/notifications/initialized");
      if (this.options.autoResize) this.stopResize = this.observeSize();
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Stops listening and resizing; pending requests reject with "Connection closed", as from `App`. */
  close(): void {
    this.win.removeEventListener("message", this.onMessage);
    this.listening = false;
    this.stopResize?.();
    for (const p of this.pending.values()) clearTimeout(p.timer), p.reject(new McpError(-32000, "Connection closed"));
    this.pending.clear();
  }

  getHostCapabilities = (): HostCapabilities | undefined => this.hostCapabilities;
  getHostVersion = (): Implementation | undefined => this.hostInfo;
  getHostContext = (): HostContext | undefined => this.hostContext;

  callServerTool = (params: { name: string; arguments?: Params }): Promise<CallToolResult> => this.request("tools/call", params).then(toToolResult);
  readServerResource = (params: { uri: string }) => this.request("resources/read", params);
  sendMessage = (params: { role: "user"; content: ContentBlock[] }): Promise<{ isError?: boolean }> => this.request("ui/message", params);
  updateModelContext = (params: { content?: ContentBlock[]; structuredContent?: Params }) => this.request("ui/update-model-context", params);
  openLink = (params: { url: string }): Promise<{ isError?: boolean }> => this.request("ui/open-link", params);
  requestDisplayMode = (params: { mode: DisplayMode }) => this.request("ui/request-display-mode", params) as Promise<{ mode: DisplayMode }>;
  sendSizeChanged = (params: { width?: number; height?: number }) => this.notification("ui/notifications/size-changed", params);
  sendLog = (params: { level: string; data: unknown; logger?: string }) => this.notification("notifications/message", params);

  /** Any view→host request of the standard; rejects with `McpError` on the host's error or after the timeout. */
  request(method: string, params?: Params): Promise<Params> {
    if (!this.listening) return Promise.reject(new Error("Not connected"));
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    // As App's callServerTool: a progress token, and each progress notification restarts the timer.
    const progress = method === "tools/call";
    if (progress) params = { ...params, _meta: { ...(params?._meta as Params | undefined), progressToken: id } };
    return new Promise<Params>((resolve, reject) => {
      const onTimeout = () => {
        this.pending.delete(id);
        const error = new McpError(-32001, "Request timed out", { timeout: timeoutMs });
        this.post({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: id, reason: String(error) } });
        reject(error);
      };
      const entry: Pending = { resolve, reject, timer: setTimeout(onTimeout, timeoutMs) };
      if (progress) entry.restart = () => (clearTimeout(entry.timer), (entry.timer = setTimeout(onTimeout, timeoutMs)));
      this.pending.set(id, entry);
      this.post({ jsonrpc: "2.0", id, method, ...(params && { params }) });
    });
  }

  /** Any view→host notification of the standard. */
  async notification(method: string, params?: Params): Promise<void> {
    if (!this.listening) throw new Error("Not connected");
    this.post({ jsonrpc: "2.0", method, ...(params && { params }) });
  }

  private post(message: Params): void {
    this.win.parent.postMessage(message, "*");
  }

  /** Only the parent window speaks for the host; everything else (other frames, extensions) is ignored. */
  private readonly onMessage = (event: MessageEvent): void => {
    const message: unknown = event.data;
    if (event.source !== this.win.parent || !isRecord(message) || message.jsonrpc !== "2.0") return;
    const id = message.id;
    const params = isRecord(message.params) ? message.params : {};
    if (typeof message.method !== "string") {
      if (typeof id === "number" || typeof id === "string") this.settle(Number(id), message);
    } else if (typeof id === "number" || typeof id === "string") {
      void this.answer(id, message.method, params);
    } else if (message.method === "notifications/progress") {
      this.pending.get(Number(params.progressToken))?.restart?.();
    } else if (Object.hasOwn(EVENTS, message.method)) {
      if (message.method === "ui/notifications/host-context-changed") this.hostContext = { ...this.hostContext, ...params };
      const handler = this[EVENTS[message.method as keyof typeof EVENTS]] as Handler<Params>;
      try {
        handler?.(message.method === "ui/notifications/tool-result" ? toToolResult(params) : params);
      } catch (error) {
        console.error(`[chatgpt-app] ${message.method} handler failed:`, error);
      }
    }
  };

  private settle(id: number, response: Params): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    const { error, result } = response;
    if (isRecord(error)) pending.reject(new McpError(Number(error.code), String(error.message), error.data));
    else if (isRecord(result)) pending.resolve(result);
    else pending.reject(new McpError(-32603, "The host answered without a result object"));
  }

  /** Host→view requests: `ping` and `ui/resource-teardown`; anything else is "Method not found". */
  private async answer(id: string | number, method: string, params: Params): Promise<void> {
    const handler = method === "ping" ? () => ({}) : method === "ui/resource-teardown" ? this.onteardown : undefined;
    if (!handler) return this.post({ jsonrpc: "2.0", id, error: { code: -32601, message: "Method not found" } });
    try {
      this.post({ jsonrpc: "2.0", id, result: await handler(params) });
    } catch (e) {
      const error = e as { code?: unknown; message?: string };
      this.post({ jsonrpc: "2.0", id, error: { code: Number.isSafeInteger(error.code) ? error.code : -32603, message: error.message ?? "Internal error" } });
    }
  }

  /** App's auto-resize: the document's natural height and the window's width, once a frame, when they change. */
  private observeSize(): () => void {
    const { win } = this;
    let [scheduled, width, height] = [false, 0, 0];
    const measure = () => {
      if (scheduled) return;
      scheduled = true;
      win.requestAnimationFrame(() => {
        scheduled = false;
        const root = win.document.documentElement;
        const previous = root.style.height;
        root.style.height = "max-content";
        const h = Math.ceil(root.getBoundingClientRect().height);
        root.style.height = previous;
        const w = Math.ceil(win.innerWidth);
        if (w === width && h === height) return;
        [width, height] = [w, h];
        void this.sendSizeChanged({ width, height }).catch(() => undefined);
      });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(win.document.documentElement);
    observer.observe(win.document.body);
    return () => observer.disconnect();
  }
}
