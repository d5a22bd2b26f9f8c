/**
 * One widget instance, hosted the way the emulated host hosts it (its profile, `src/preview/hosts/`):
 * a sandboxed iframe on its own origin loading the resource's HTML under the CSP built from
 * `_meta.ui.csp`, with the MCP Apps host side on ext-apps' AppBridge for the MIME types the host
 * gives it, and `window.openai` injected into the frame when the host offers it.
 */
import { AppBridge, PostMessageTransport, buildAllowAttribute } from "@modelcontextprotocol/ext-apps/app-bridge";
import type { CallToolResult, Tool } from "@modelcontextprotocol/client";
import { h } from "./dom.js";
import type { DisplayMode, HostEnv, HostProfile, ToolCallVia } from "../hosts/index.js";
import { hostContextOf, openAiEnvGlobals } from "./host-env.js";
import type { WidgetResource } from "./mcp-client.js";
import { CHANNEL, isFrameMessage, type FrameLayerOptions, type FrameToPage, type PageToFrame, type Unsent } from "./protocol.js";

/** What a widget instance was given and saved; kept across reloads of its frame. */
export interface FrameData {
  input: Record<string, unknown> | null;
  result: CallToolResult | null;
  widgetState: unknown;
}

export type LogKind = "widget" | "host" | "error";
export interface LogEntry {
  kind: LogKind;
  what: string;
  detail?: string;
  link?: string;
}

/** What the frame asks of the panel that owns it. */
export interface FrameCallbacks {
  log(entry: LogEntry): void;
  /** A tool call the widget started; `via` names the bridge it came through. */
  callTool(name: string, args: Record<string, unknown>, via: ToolCallVia): Promise<CallToolResult>;
  /** Forwards a request to the app's server (resources/read, resources/list). */
  forward(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Grants and applies a display mode; returns the granted one. */
  requestDisplayMode(mode: DisplayMode): DisplayMode;
  widgetStateChanged(state: unknown): void;
  /** A follow-up message the widget sent (`ui/message`, `sendFollowUpMessage`). */
  followUp(text: string): void;
  resized(height: number): void;
}

export interface WidgetFrameOptions {
  slot: HTMLElement;
  resource: WidgetResource;
  tool: Tool | undefined;
  data: FrameData;
  host: HostProfile;
  env: HostEnv;
  /** Origin serving the frame documents; undefined: this origin, sandboxed to an opaque one. */
  frameOrigin: string | undefined;
  version: string;
  callbacks: FrameCallbacks;
  initialHeight?: number;
  /** The dev server's copy of the resource's HTML (a rebuild event's `source`), sent instead of `resource.html`. */
  source?: string;
  /** A frame id a rebuild event reserved for this page: the frame loads it while its document is posted. */
  reservedFrame?: string;
  /** The frame replaces one still shown: prepare it out of sight until it has drawn. */
  pending?: boolean;
}

/** How long a prepared frame may take to draw before it is shown as it is. */
const SHOW_AT_THE_LATEST_MS = 1000;

/** What AppBridge inherits from the SDK's Protocol (its types reach it through paths NodeNext cannot follow). */
type BridgeEvents = {
  addEventListener(event: string, listener: (params: Record<string, unknown>) => void): void;
  close(): Promise<void>;
};

const CSP_KEYS: Record<string, string> = {
  "connect-src": "connectDomains",
  "frame-src": "frameDomains",
  "base-uri": "baseUriDomains",
};

/** How the log names a follow-up, by what the host does with it. */
const FOLLOW_UP: Record<HostProfile["followUps"], string> = { send: "follow-up", prefill: "prefills the composer" };

function textOf(content: unknown): string {
  const blocks = Array.isArray(content) ? (content as Array<{ type?: string; text?: string }>) : [];
  return blocks.map((b) => (b.type === "text" ? b.text : `[${b.type}]`)).join("\n");
}

export class WidgetFrame {
  readonly iframe: HTMLIFrameElement;
  readonly data: FrameData;
  #options: WidgetFrameOptions;
  #env: HostEnv;
  #bridge: AppBridge | undefined;
  #initialized = false;
  #shimReady = false;
  #cancelled: string | undefined;
  /** The globals written into the frame document; the shim starts from them. */
  #embedded: Record<string, unknown> = {};
  #onMessage = (event: MessageEvent) => this.#handleMessage(event);
  #show: () => void = () => undefined;
  /** Resolves once the widget has drawn what it was given (or has had its time to). */
  readonly drawn: Promise<void> = new Promise((resolve) => (this.#show = resolve));

  constructor(options: WidgetFrameOptions) {
    this.#options = options;
    this.#env = options.env;
    this.data = { ...options.data };
    const sandbox = [...options.host.sandbox];
    if (options.frameOrigin) sandbox.push("allow-same-origin");
    const permissions = (options.resource.meta.ui as { permissions?: never } | undefined)?.permissions;
    this.iframe = h("iframe", { title: `widget ${options.resource.uri}`, sandbox: sandbox.join(" "), allow: buildAllowAttribute(permissions) || undefined });
    if (options.initialHeight) this.iframe.style.height = `${options.initialHeight}px`;
  }

  /**
   * Loads the widget: the bridge listens before the document exists, so no message is missed.
   * A frame that replaces another is prepared out of sight (`data-pending`) until its panel reveals it, once `drawn`.
   */
  async load(): Promise<void> {
    const { slot, resource, callbacks, host } = this.#options;
    // The document is stored first: its round trip to the dev server overlaps making the frame and its bridge.
    this.#embedded = this.#globals();
    const layer: FrameLayerOptions = { openai: host.bridges.openai, mirrorsLocale: host.mirrorsLocale };
    const stored = fetch("/__chatgpt-app/frames", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...(this.#options.source ? { source: this.#options.source } : { html: resource.html }), frame: this.#options.reservedFrame, csp: (resource.meta.ui as { csp?: unknown } | undefined)?.csp, globals: this.#embedded, layer }),
    }).then(async (response) => {
      if (!response.ok) throw new Error(`The dev server refused the frame document (HTTP ${response.status}).`);
      return ((await response.json()) as { path: string }).path;
    });
    // Said once, where it is awaited; not as an unhandled rejection should making the frame throw first.
    stored.catch(() => undefined);
    if (this.#options.pending) this.iframe.setAttribute("data-pending", "");
    slot.append(this.iframe);
    window.addEventListener("message", this.#onMessage);
    const mcpApps = host.bridges.mcpApps;
    let connected: Promise<void> = Promise.resolve();
    if (mcpApps?.mimeTypes.includes(resource.mimeType)) {
      this.#bridge = this.#createBridge(mcpApps.capabilities);
      connected = this.#bridge.connect(new PostMessageTransport(this.iframe.contentWindow!, this.iframe.contentWindow!));
    } else {
      callbacks.log({ kind: "host", what: "bridge", detail: host.noBridgeNote(resource.mimeType) });
    }
    const { reservedFrame } = this.#options;
    if (reservedFrame) {
      // The dev server holds the frame's load until the document arrives.
      await connected;
      this.iframe.src = `${this.#options.frameOrigin ?? ""}/__chatgpt-app/frame/${reservedFrame}`;
      await stored;
    } else {
      const [path] = await Promise.all([stored, connected]);
      this.iframe.src = `${this.#options.frameOrigin ?? ""}${path}`;
    }
    // A widget that never settles (or a broken document) is shown anyway.
    setTimeout(() => this.#show(), SHOW_AT_THE_LATEST_MS);
  }

  /** Makes a prepared frame the visible one (its predecessor is removed in the same task). */
  reveal(): void {
    this.iframe.removeAttribute("data-pending");
  }

  /** Asks the layer to say when the document has drawn (once the widget has what it will draw). */
  #settleWhenDrawn(): void {
    if (!this.#shimReady) return;
    // An MCP Apps widget draws its data after the handshake; one that never started it draws from window.openai.
    if (this.#bridge && !this.#initialized && this.#bridge.getAppCapabilities() !== undefined) return;
    this.#send({ kind: "settle" });
  }

  /** Gives the widget its tool result (now, or right after its handshake). */
  setResult(result: CallToolResult): void {
    this.data.result = result;
    if (this.#initialized) void this.#bridge?.sendToolResult(result as never);
    this.#postGlobals({ toolOutput: result.structuredContent ?? null, toolResponseMetadata: result._meta ?? null });
  }

  /** Widget state saved elsewhere (by the frame this one replaces, as it was torn down). */
  setWidgetState(state: unknown): void {
    this.data.widgetState = state;
    this.#postGlobals({ widgetState: state });
  }

  /** The tool call failed: the widget is told, as a host does (`ui/notifications/tool-cancelled`). */
  cancel(reason: string): void {
    this.#cancelled = reason;
    if (this.#initialized) void this.#bridge?.sendToolCancelled({ reason });
  }

  setEnv(env: HostEnv): void {
    this.#env = env;
    if (this.#initialized) this.#bridge?.setHostContext(this.#hostContext() as never);
    this.#postGlobals(openAiEnvGlobals(this.#options.host, env));
  }

  /**
   * Sends `ui/resource-teardown` (to an initialized MCP Apps widget): it may save its work while
   * its successor is prepared. Resolves when it answers; never waited for beyond that.
   */
  teardown(): Promise<void> {
    const bridge = this.#bridge;
    if (!bridge || !this.#initialized) return Promise.resolve();
    return bridge.teardownResource({}).then(
      () => undefined,
      () => undefined,
    );
  }

  dispose(): void {
    window.removeEventListener("message", this.#onMessage);
    this.#show();
    void (this.#bridge as unknown as BridgeEvents | undefined)?.close().catch(() => undefined);
    this.iframe.remove();
  }

  #hostContext(): Record<string, unknown> {
    return hostContextOf(this.#options.host, this.#env, this.#options.tool as Record<string, unknown> | undefined, this.#options.version);
  }

  #globals(): Record<string, unknown> {
    const { input, result, widgetState } = this.data;
    return {
      ...openAiEnvGlobals(this.#options.host, this.#env),
      toolInput: input,
      toolOutput: result?.structuredContent ?? null,
      toolResponseMetadata: result?._meta ?? null,
      widgetState: widgetState ?? null,
    };
  }

  #send(message: Unsent<PageToFrame>): void {
    this.iframe.contentWindow?.postMessage({ channel: CHANNEL, ...message }, this.#options.frameOrigin ?? "*");
  }

  #postGlobals(globals: Record<string, unknown>): void {
    // Before the layer in the frame is up, its changes are sent when it says it is ready.
    if (this.#shimReady) this.#send({ kind: "set-globals", globals });
  }

  #createBridge(capabilities: Record<string, unknown>): AppBridge {
    const { callbacks } = this.#options;
    const bridge = new AppBridge(
      null,
      { name: "chatgpt-app preview", version: this.#options.version || "0.0.0" },
      capabilities as never,
      { hostContext: this.#hostContext() as never },
    );
    const events = bridge as unknown as BridgeEvents;
    events.addEventListener("initialized", () => {
      this.#initialized = true;
      bridge.setHostContext(this.#hostContext() as never);
      if (this.data.input) void bridge.sendToolInput({ arguments: this.data.input });
      if (this.data.result) void bridge.sendToolResult(this.data.result as never);
      else if (this.#cancelled !== undefined) void bridge.sendToolCancelled({ reason: this.#cancelled });
      this.#settleWhenDrawn();
    });
    events.addEventListener("sizechange", ({ height }) => {
      if (typeof height === "number") callbacks.resized(height);
    });
    events.addEventListener("loggingmessage", ({ level, data }) =>
      callbacks.log({ kind: level === "error" ? "error" : "widget", what: `log (${String(level)})`, detail: typeof data === "string" ? data : JSON.stringify(data) }),
    );
    events.addEventListener("requestteardown", () => callbacks.log({ kind: "widget", what: "ui/notifications/request-teardown" }));
    bridge.oncalltool = async ({ name, arguments: args }) => callbacks.callTool(name, args ?? {}, "tools/call");
    bridge.onreadresource = async (params) => callbacks.forward("resources/read", params) as never;
    bridge.onlistresources = async (params) => callbacks.forward("resources/list", params ?? {}) as never;
    bridge.onmessage = async ({ content }) => {
      callbacks.log({ kind: "widget", what: `ui/message (${FOLLOW_UP[this.#options.host.followUps]})`, detail: textOf(content) });
      callbacks.followUp(textOf(content));
      return {};
    };
    bridge.onopenlink = async ({ url }) => {
      callbacks.log({ kind: "widget", what: "ui/open-link", detail: url, link: url });
      return {};
    };
    bridge.onupdatemodelcontext = async (params) => {
      callbacks.log({ kind: "widget", what: "ui/update-model-context", detail: JSON.stringify(params) });
      return {};
    };
    bridge.onrequestdisplaymode = async ({ mode }) => {
      const granted = callbacks.requestDisplayMode(mode);
      callbacks.log({ kind: "widget", what: "ui/request-display-mode", detail: granted === mode ? mode : `${mode} → ${granted}` });
      return { mode: granted };
    };
    return bridge;
  }

  async #handleMessage(event: MessageEvent): Promise<void> {
    if (event.source !== this.iframe.contentWindow || !isFrameMessage(event.data)) return;
    const message = event.data;
    if (message.kind === "ready") {
      this.#flushGlobals();
      return this.#settleWhenDrawn();
    }
    if (message.kind === "settled") {
      if (this.#bridge && !this.#initialized && this.#bridge.getAppCapabilities() !== undefined) return;
      return this.#show();
    }
    if (message.kind === "csp-violation") return this.#reportViolation(message);
    if (message.kind === "absent") {
      const { label } = this.#options.host;
      return this.#options.callbacks.log({ kind: "host", what: `no ${message.name} in ${label}`, detail: `The widget read ${message.name}; ${label} does not define it, so it is undefined here too.` });
    }
    if (message.kind === "error") {
      const where = message.source ? ` (${message.source}:${message.line}:${message.column})` : "";
      return this.#options.callbacks.log({ kind: "error", what: "uncaught error", detail: `${message.message}${where}` });
    }
    try {
      this.#send({ kind: "reply", id: message.id, result: await this.#openAiCall(message.method, message.params) });
    } catch (error) {
      this.#send({ kind: "reply", id: message.id, error: (error as Error).message });
    }
  }

  #flushGlobals(): void {
    this.#shimReady = true;
    const current = this.#globals();
    const changed = Object.fromEntries(Object.entries(current).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(this.#embedded[k])));
    if (Object.keys(changed).length) this.#send({ kind: "set-globals", globals: changed });
  }

  async #openAiCall(method: string, params: Record<string, unknown>): Promise<unknown> {
    const { callbacks } = this.#options;
    const log = (detail?: string, link?: string) => callbacks.log({ kind: "widget", what: `window.openai.${method}`, detail, link });
    switch (method) {
      case "callTool":
        return callbacks.callTool(String(params.name), (params.args as Record<string, unknown>) ?? {}, "window.openai.callTool");
      case "sendFollowUpMessage":
        callbacks.followUp(String(params.prompt));
        // A host that only prefills its composer says so; one that sends it logs the method alone.
        if (this.#options.host.followUps === "send") return log(String(params.prompt));
        return callbacks.log({ kind: "widget", what: `window.openai.${method} (${FOLLOW_UP.prefill})`, detail: String(params.prompt) });
      case "setWidgetState":
        this.data.widgetState = params.state;
        callbacks.widgetStateChanged(params.state);
        return log(JSON.stringify(params.state));
      case "requestDisplayMode": {
        const granted = callbacks.requestDisplayMode(params.mode as DisplayMode);
        log(granted === params.mode ? granted : `${String(params.mode)} → ${granted}`);
        return { mode: granted };
      }
      case "openExternal":
        return log(String(params.href), String(params.href));
      case "notifyIntrinsicHeight":
        if (typeof params.height === "number") callbacks.resized(params.height);
        return undefined;
      default:
        return log();
    }
  }

  #reportViolation(v: Extract<FrameToPage, { kind: "csp-violation" }>): void {
    const directive = v.directive.replace(/-elem$|-attr$/, "");
    const key = CSP_KEYS[directive] ?? "resourceDomains";
    let origin = v.blockedURI;
    try {
      origin = new URL(v.blockedURI).origin;
    } catch {
      // "inline", "eval", "data": not an origin to declare.
    }
    const where = v.sourceFile ? ` at ${v.sourceFile}:${v.line}:${v.column}` : "";
    const fix = /^https?:|^wss?:/.test(origin) ? ` Declare ${origin} in the widget's csp.${key} (chatgpt-app.config) if it should load.` : "";
    this.#options.callbacks.log({ kind: "error", what: `CSP blocked ${directive}`, detail: `${v.blockedURI}${where}.${fix}` });
  }
}
