/**
 * One widget in the preview: its tools, the input editor checked against the tool's
 * inputSchema, "Call tool", its display mode, the frame that hosts it, the build-error
 * overlay, and the log of everything the widget sent.
 */
import type { CallToolResult, Tool } from "@modelcontextprotocol/client";
import { h, options } from "./dom.js";
import type { DisplayMode, HostEnv, HostProfile, ToolCallVia } from "../hosts/index.js";
import { deviceOf } from "./host-env.js";
import type { PreviewClient, WidgetResource } from "./mcp-client.js";
import { Conversation } from "./conversation.js";
import { checkInput, defaultInput } from "./schema-input.js";
import { challengeOf, showChallenge } from "./sign-in.js";
import { WidgetFrame, type FrameData, type LogEntry } from "./widget-frame.js";

export type GlobalEnv = Omit<HostEnv, "displayMode">;

/** What a panel needs from the page. */
export interface PanelContext {
  client: PreviewClient;
  /** The host emulated (a new host makes new panels). */
  host: HostProfile;
  version: string;
  frameOrigin: string | undefined;
  env(): GlobalEnv;
  /** The URL the host reaches the server at (the tunnel's when tunnelling), for what the host judges by it. */
  serverUrl: string;
  allTools(): Tool[];
  /** Told when this panel leaves inline mode: only one widget floats or fills the screen at a time. */
  displayModeChanged(panel: WidgetPanel, mode: DisplayMode): void;
}

const MAX_LOG = 200;

function summaryOf(result: CallToolResult): string {
  if (result.structuredContent) return JSON.stringify(result.structuredContent);
  return result.content.map((c) => (c.type === "text" ? c.text : `[${c.type}]`)).join("\n");
}

export class WidgetPanel {
  readonly name: string;
  readonly element: HTMLElement;
  #ctx: PanelContext;
  #uri: string;
  #listMeta: Record<string, unknown>;
  #tools: Tool[] = [];
  #toolName: string | undefined;
  #frame: WidgetFrame | undefined;
  #conversation: Conversation;
  #data: FrameData = { input: null, result: null, widgetState: null };
  #displayMode: DisplayMode = "inline";
  #height = 120;
  #started = false;
  #loading: Promise<void> = Promise.resolve();
  /** The last resource read, and the HTML a rebuild event pushed for the current URI. */
  #resource: WidgetResource | undefined;
  #pushed: { uri: string; source: string; frame?: string } | undefined;
  readonly #ui = {
    uri: h("small"),
    tool: h("select", { class: "tool-select", "aria-label": "Tool" }),
    input: h("textarea", { class: "input-json", spellcheck: "false", "aria-label": "Tool input (JSON)" }),
    errors: h("div", { class: "input-errors" }),
    call: h("button", { class: "call-tool primary", type: "button" }, "Call tool"),
    reload: h("button", { class: "reload-frame", type: "button" }, "Reload frame"),
    mode: h("select", { class: "display-mode", "aria-label": "Display mode" }),
    stage: h("div", { class: "stage mode-inline" }),
    slot: h("div", { class: "frame-slot" }),
    overlay: h("div", { class: "overlay build-error", hidden: true }),
    refused: h("div", { class: "refused", hidden: true }),
    exit: h("button", { class: "exit-mode", type: "button" }, "Exit"),
    log: h("ol", { class: "log-entries" }),
    hint: h("span", { class: "hint" }),
  };

  constructor(ctx: PanelContext, name: string, uri: string, tools: Tool[], listMeta: Record<string, unknown>) {
    this.#ctx = ctx;
    this.name = name;
    this.#uri = uri;
    this.#listMeta = listMeta;
    const ui = this.#ui;
    ui.mode.append(...options(ctx.host.displayModes, "inline"));
    ui.stage.append(ui.exit, ui.refused, ui.slot, ui.overlay);
    this.#conversation = new Conversation(ctx.host, name, h("div", { class: "viewport" }, ui.stage));
    this.element = h(
      "section",
      { class: "widget-panel", id: `widget-${name}`, "data-widget": name },
      h("h2", {}, name, ui.uri),
      h(
        "div",
        { class: "controls" },
        h("div", {}, ui.input, ui.errors),
        h("div", { class: "row" }, h("label", {}, "Tool", ui.tool), ui.call, ui.reload, h("label", {}, "Display", ui.mode)),
      ),
      this.#conversation.element,
      ui.hint,
      h("details", { class: "log", open: true }, h("summary", {}, "Log: what the widget sent"), ui.log),
    );
    ui.tool.addEventListener("change", () => this.#selectTool(ui.tool.value));
    ui.input.addEventListener("input", () => this.#checkInput());
    ui.call.addEventListener("click", () => void this.callTool());
    ui.reload.addEventListener("click", () => void this.reload());
    ui.mode.addEventListener("change", () => this.setDisplayMode(ui.mode.value as DisplayMode));
    ui.exit.addEventListener("click", () => this.setDisplayMode("inline"));
    this.update(uri, tools, listMeta);
  }

  /** New tool list or widget URI (after a rebuild): a new URI reloads the frame, keeping its data. */
  update(uri: string, tools: Tool[], listMeta: Record<string, unknown>): void {
    const changed = uri !== this.#uri || !this.#started;
    // The page opened again: the conversation's last message, with its input, result and state.
    if (!this.#started) this.#data = this.#conversation.restore(tools) ?? this.#data;
    this.#started = true;
    this.#uri = uri;
    this.#listMeta = listMeta;
    this.#tools = tools;
    this.#ui.uri.textContent = uri;
    const names = tools.map((t) => t.name);
    const current = this.#toolName && names.includes(this.#toolName) ? this.#toolName : names[0];
    this.#ui.tool.replaceChildren(...options(names, current ?? ""));
    this.#ui.tool.disabled = this.#ui.call.disabled = names.length === 0;
    this.#ui.hint.textContent = names.length ? "" : "No tool renders this widget: it is shown without data.";
    if (current !== this.#toolName) this.#selectTool(current);
    if (changed) void this.reload();
  }

  /** The dev server rebuilt the widget: its new document at once. Resolves once it shows. */
  rebuilt(uri: string, source: string | undefined, frame?: string): Promise<void> {
    if (uri === this.#uri) return Promise.resolve();
    this.#uri = uri;
    this.#pushed = source ? { uri, source, frame } : undefined;
    this.#ui.uri.textContent = uri;
    void this.reload();
    return this.#loading;
  }

  #tool(): Tool | undefined {
    return this.#tools.find((t) => t.name === this.#toolName);
  }

  #inputKey(): string {
    return `chatgpt-app-preview:input:${this.name}:${this.#toolName}`;
  }

  #selectTool(name: string | undefined): void {
    this.#toolName = name;
    const tool = this.#tool();
    const saved = localStorage.getItem(this.#inputKey());
    this.#ui.input.value = saved ?? JSON.stringify(defaultInput(tool?.inputSchema as Record<string, unknown>), null, 2);
    this.#checkInput();
  }

  #checkInput(): ReturnType<typeof checkInput> {
    const check = checkInput(this.#ui.input.value, this.#tool()?.inputSchema as Record<string, unknown> | undefined);
    this.#ui.input.classList.toggle("invalid", !check.ok);
    this.#ui.errors.textContent = check.ok ? "" : check.message;
    this.#ui.call.disabled = !check.ok || !this.#tool();
    if (check.ok) localStorage.setItem(this.#inputKey(), this.#ui.input.value);
    return check;
  }

  /** Runs the real tool and gives its result to a new instance of the widget, as a new call in the host would. */
  async callTool(): Promise<void> {
    const tool = this.#tool();
    const check = this.#checkInput();
    if (!tool || !check.ok) return;
    this.log({ kind: "host", what: `call ${tool.name}`, detail: JSON.stringify(check.value) });
    this.#conversation.started(tool, check.value);
    const loaded = this.reload({ input: check.value, result: null, widgetState: null });
    let result: CallToolResult;
    try {
      result = await this.#ctx.client.callTool(tool.name, check.value);
    } catch (error) {
      this.log({ kind: "error", what: `${tool.name} failed`, detail: (error as Error).message });
      this.#conversation.finished(tool, undefined, (error as Error).message);
      await loaded;
      this.#frame?.cancel((error as Error).message);
      return;
    }
    this.#logResult(tool.name, result);
    this.#conversation.finished(tool, result);
    await loaded;
    this.#frame?.setResult(result);
  }

  /**
   * A new frame for the widget: with `fresh` data (a new tool call), or with the same input,
   * result and state as the frame it replaces (a rebuild, or "Reload frame"). Resolves once the
   * new frame is loading; the old one shows until the new one has drawn, then they swap.
   */
  reload(fresh?: FrameData): Promise<void> {
    let started!: () => void;
    const loading = new Promise<void>((resolve) => (started = resolve));
    this.#loading = this.#loading
      .then(() => this.#load(fresh, started))
      .catch((error: unknown) => this.log({ kind: "error", what: "frame", detail: (error as Error).message }))
      .finally(started);
    return loading;
  }

  async #load(fresh: FrameData | undefined, started: () => void): Promise<void> {
    const old = this.#frame;
    // ui/resource-teardown goes out now: the widget may save its state while its successor loads,
    // and its answer is waited for only as long as the new one takes to draw.
    void old?.teardown();
    // A rebuild event brought the new HTML: the frame is built from it, with what the last read said of the resource.
    const pushed = this.#pushed?.uri === this.#uri && this.#resource ? this.#pushed.source : undefined;
    // The frame id the event reserved serves one frame: a later reload of the same build posts for a new one.
    const reservedFrame = pushed ? this.#pushed!.frame : undefined;
    if (this.#pushed) this.#pushed.frame = undefined;
    const resource = pushed ? { ...this.#resource!, uri: this.#uri } : await this.#ctx.client.readWidget(this.#uri, this.#listMeta);
    this.#resource = resource;
    const refusal = await this.#ctx.host.refuseWidget?.(resource.meta, this.#ctx.serverUrl);
    this.#showRefusal(refusal);
    if (refusal) {
      this.log({ kind: "error", what: `${this.#ctx.host.label} refuses the widget`, detail: refusal });
      old?.dispose();
      this.#frame = undefined;
      return;
    }
    this.#data = fresh ?? (old ? { ...old.data } : this.#data);
    const frame: WidgetFrame = new WidgetFrame({
      slot: this.#ui.slot,
      resource,
      tool: this.#tool(),
      data: this.#data,
      host: this.#ctx.host,
      env: this.#env(),
      frameOrigin: this.#ctx.frameOrigin,
      version: this.#ctx.version,
      initialHeight: this.#height,
      pending: old !== undefined,
      source: pushed,
      reservedFrame,
      callbacks: {
        log: (entry) => this.log(entry),
        callTool: (name, args, via) => this.#widgetCallTool(name, args, via),
        forward: (method, params) => this.#ctx.client.forward(method, params),
        requestDisplayMode: (mode) => this.#requestDisplayMode(mode),
        widgetStateChanged: (state) => this.#widgetStateChanged(frame, state),
        followUp: (text) => this.#conversation.followUp(text),
        resized: (height) => {
          if (this.#frame === frame) this.#resize(height);
        },
      },
    });
    this.#frame = frame;
    await frame.load();
    started();
    await frame.drawn;
    old?.dispose();
    frame.reveal();
  }

  /** A widget's request: what the host grants, said in the log when it is not what was asked. */
  #requestDisplayMode(mode: DisplayMode): DisplayMode {
    const { host } = this.#ctx;
    const granted = this.setDisplayMode(host.grantDisplayMode(mode, this.#ctx.env().device, this.#displayMode));
    if (granted !== mode && !host.displayModes.includes(mode)) {
      this.log({ kind: "host", what: `${mode} refused`, detail: `${host.label} shows widgets ${host.displayModes.join(", ")}: it stays ${granted}.` });
    }
    return granted;
  }

  /** State saved by a frame; by an old one (while torn down), handed on to the frame that replaces it. */
  #widgetStateChanged(from: WidgetFrame, state: unknown): void {
    this.#data = { ...this.#data, widgetState: state };
    this.#conversation.widgetState(state);
    if (this.#frame && this.#frame !== from) this.#frame.setWidgetState(state);
  }

  async #widgetCallTool(name: string, args: Record<string, unknown>, via: ToolCallVia): Promise<CallToolResult> {
    this.log({ kind: "widget", what: via, detail: `${name} ${JSON.stringify(args)}` });
    const tool = this.#ctx.allTools().find((t) => t.name === name);
    const refusal = this.#ctx.host.refuseToolCall(name, tool, via);
    if (refusal) {
      this.log({ kind: "error", what: `${name} refused`, detail: refusal });
      throw new Error(refusal);
    }
    let result: CallToolResult;
    try {
      result = await this.#ctx.client.callTool(name, args);
    } catch (error) {
      this.log({ kind: "error", what: `${name} failed`, detail: (error as Error).message });
      throw error;
    }
    this.#logResult(name, result);
    return result;
  }

  /** A result as the log shows it; an `isError` one (a handler that threw, say) as an error. */
  #logResult(name: string, result: CallToolResult): void {
    const challenge = challengeOf(result);
    if (challenge) {
      showChallenge(name, challenge);
      return this.log({ kind: "error", what: `${name} needs sign-in`, detail: challenge });
    }
    if (!result.isError) return this.log({ kind: "host", what: `${name} result`, detail: summaryOf(result) });
    this.log({ kind: "error", what: `${name} failed (isError)`, detail: `${summaryOf(result)}
If the handler threw, the dev terminal shows where.` });
  }

  #env(): HostEnv {
    return { ...this.#ctx.env(), displayMode: this.#displayMode };
  }

  /** Applies the page's theme, locale and device, at the host's sizes. */
  applyEnv(): void {
    const env = this.#env();
    const { host } = this.#ctx;
    const device = deviceOf(host, env.device);
    const style = this.#conversation.element.style;
    style.setProperty("--device-width", `${device.width}px`);
    // Fullscreen fills a desktop window; on a phone or tablet it is the device's screen.
    style.setProperty("--fullscreen-width", device.fullscreenFillsWindow ? "100vw" : `${device.width}px`);
    const pipHeight = host.limits.maxHeight.pip;
    style.setProperty("--pip-height", pipHeight === "viewport" ? "100vh" : `${pipHeight}px`);
    style.setProperty("--pip-width", `${host.limits.pipWidth}px`);
    const colours = host.styles[env.theme];
    for (const [name, key] of [["--stage-background", "--color-background-primary"], ["--conversation-text", "--color-text-primary"], ["--conversation-bubble", "--color-background-secondary"]]) {
      if (colours[key!]) style.setProperty(name!, colours[key!]!);
    }
    this.#ui.stage.classList.toggle("theme-dark", env.theme === "dark");
    this.#frame?.setEnv(env);
  }

  /** Shows the widget inline, picture-in-picture or fullscreen; returns the mode applied. */
  setDisplayMode(mode: DisplayMode): DisplayMode {
    if (mode === this.#displayMode) return mode;
    this.#displayMode = mode;
    this.#ui.mode.value = mode;
    for (const m of this.#ctx.host.displayModes) this.#ui.stage.classList.toggle(`mode-${m}`, m === mode);
    // ChatGPT's fullscreen keeps the composer under the widget.
    const composerInStage = mode === "fullscreen" && this.#ctx.host.fullscreenComposer;
    (composerInStage ? this.#ui.stage : this.#conversation.element).append(this.#conversation.composer);
    this.#resize(this.#height);
    this.applyEnv();
    this.#ctx.displayModeChanged(this, mode);
    return mode;
  }

  get displayMode(): DisplayMode {
    return this.#displayMode;
  }

  #resize(height: number): void {
    this.#height = Math.max(40, Math.ceil(height));
    const iframe = this.#frame?.iframe;
    if (iframe) iframe.style.height = this.#displayMode === "inline" ? `${this.#height}px` : "";
  }

  /** A widget the host will not render: what it shows instead. */
  #showRefusal(reason: string | undefined): void {
    this.#ui.refused.hidden = !reason;
    this.#ui.refused.replaceChildren(...(reason ? [h("strong", {}, `${this.#ctx.host.label} does not render this widget`), h("p", {}, reason)] : []));
  }

  showBuildError(message: string): void {
    const location = /([\w./\\-]+\.\w+):(\d+):(\d+)/.exec(message)?.[0];
    this.#ui.overlay.replaceChildren(
      h("h3", {}, `Build error in widget ${this.name}`),
      h("div", { class: "location" }, location ?? ""),
      h("pre", {}, message),
      h("p", { class: "hint" }, "The last good build keeps running; save a fix to reload."),
    );
    this.#ui.overlay.hidden = false;
    this.#ui.stage.classList.add("has-overlay");
  }

  clearBuildError(): void {
    this.#ui.overlay.hidden = true;
    this.#ui.stage.classList.remove("has-overlay");
  }

  log(entry: LogEntry): void {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    const detail = h("span", { class: "detail" }, entry.detail ?? "");
    if (entry.link && /^https?:/i.test(entry.link)) detail.append(" ", h("a", { href: entry.link, target: "_blank", rel: "noopener noreferrer" }, "open"));
    this.#ui.log.prepend(h("li", { class: entry.kind }, h("span", { class: "time" }, time), h("span", { class: "what" }, entry.what), detail));
    while (this.#ui.log.children.length > MAX_LOG) this.#ui.log.lastElementChild?.remove();
  }

  dispose(): void {
    this.#frame?.dispose();
    this.element.remove();
  }
}
