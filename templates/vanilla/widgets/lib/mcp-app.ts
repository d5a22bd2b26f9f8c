/**
 * The widget's side of the MCP Apps bridge: `ui/*` JSON-RPC with the host over postMessage.
 *
 * It is the part of `App` from @modelcontextprotocol/ext-apps that this widget uses, with the
 * same names (`ontoolresult`, `connect()`, `callServerTool()`, …), written out so the widget
 * stays small: ext-apps' `App` brings the MCP SDK and zod with it (~500 KB once bundled).
 * The message types are ext-apps' own. To use the full `App` instead, replace the import
 * `./lib/mcp-app` with `@modelcontextprotocol/ext-apps`: the calls below stay the same.
 */
// Types only (`import type`): nothing of ext-apps ends up in the bundle.
import type {
  McpUiHostContext,
  McpUiInitializeResult,
  McpUiToolCancelledNotification,
  McpUiToolInputNotification,
  McpUiToolResultNotification,
  McpUiUpdateModelContextRequest,
} from "@modelcontextprotocol/ext-apps";

/** A tool's result: `content` for the model, `structuredContent` for the widget. */
export type CallToolResult = McpUiToolResultNotification["params"];

const PROTOCOL_VERSION = "2026-01-26";

interface JsonRpcMessage {
  jsonrpc: "2.0";
  id?: number | string;
  method?: string;
  params?: Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string };
}

export class App {
  /** The arguments the model called the tool with (may arrive after the widget mounts). */
  ontoolinput?: (params: McpUiToolInputNotification["params"]) => void;
  /** The tool's result: `structuredContent` is what the widget renders. */
  ontoolresult?: (params: McpUiToolResultNotification["params"]) => void;
  ontoolcancelled?: (params: McpUiToolCancelledNotification["params"]) => void;
  /** Theme, display mode, locale… changed. */
  onhostcontextchanged?: (context: McpUiHostContext) => void;

  #appInfo: { name: string; version: string };
  #host: Window = window.parent;
  #nextId = 1;
  #pending = new Map<number | string, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #context: McpUiHostContext = {};

  constructor(appInfo: { name: string; version: string }) {
    this.#appInfo = appInfo;
  }

  /** Set the handlers first, then connect: the host sends the tool's input and result right after. */
  async connect(): Promise<void> {
    window.addEventListener("message", this.#onMessage);
    const result = (await this.#request("ui/initialize", {
      appInfo: this.#appInfo,
      appCapabilities: {},
      protocolVersion: PROTOCOL_VERSION,
    })) as McpUiInitializeResult;
    this.#context = result.hostContext ?? {};
    this.#notify("ui/notifications/initialized", {});
    this.#reportSize();
  }

  getHostContext(): McpUiHostContext {
    return this.#context;
  }

  /** Calls a tool of this app's server (its visibility must include "app"). */
  callServerTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<CallToolResult> {
    return this.#request("tools/call", params) as Promise<CallToolResult>;
  }

  /** Tells the model what the user now sees; it reads it on the next turn. */
  async updateModelContext(params: McpUiUpdateModelContextRequest["params"]): Promise<void> {
    await this.#request("ui/update-model-context", params);
  }

  #request(method: string, params: unknown): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#host.postMessage({ jsonrpc: "2.0", id, method, params }, "*");
    });
  }

  #notify(method: string, params: unknown): void {
    this.#host.postMessage({ jsonrpc: "2.0", method, params }, "*");
  }

  #onMessage = (event: MessageEvent): void => {
    if (event.source !== this.#host) return;
    const message = event.data as JsonRpcMessage;
    if (message?.jsonrpc !== "2.0") return;
    if (message.method === undefined) {
      const pending = message.id === undefined ? undefined : this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id!);
      if (message.error) pending.reject(new Error(message.error.message));
      else pending.resolve(message.result);
      return;
    }
    const params = (message.params ?? {}) as never;
    switch (message.method) {
      case "ui/notifications/tool-input":
        this.ontoolinput?.(params);
        break;
      case "ui/notifications/tool-result":
        this.ontoolresult?.(params);
        break;
      case "ui/notifications/tool-cancelled":
        this.ontoolcancelled?.(params);
        break;
      case "ui/notifications/host-context-changed":
        this.#context = { ...this.#context, ...(params as McpUiHostContext) };
        this.onhostcontextchanged?.(this.#context);
        break;
      default:
        // Requests from the host (ping, ui/resource-teardown) need an answer; an empty one will do.
        if (message.id !== undefined) this.#host.postMessage({ jsonrpc: "2.0", id: message.id, result: {} }, "*");
    }
  };

  /** Keeps the host's iframe as tall as the content. */
  #reportSize(): void {
    let last = "";
    const send = () => {
      const size = { width: Math.ceil(document.documentElement.scrollWidth), height: Math.ceil(document.documentElement.scrollHeight) };
      const key = `${size.width}x${size.height}`;
      if (key === last) return;
      last = key;
      this.#notify("ui/notifications/size-changed", size);
    };
    new ResizeObserver(send).observe(document.documentElement);
    send();
  }
}
