import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { createMcpHandler, ProtocolError, ResourceNotFoundError, Server, type CacheHint, type McpHttpHandler, type ServerContext } from "@modelcontextprotocol/server";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/server/validators/ajv";
import type { AppState } from "./app-state.js";
import type { Host } from "./host.js";
import { carryRequestOrigin } from "../util/request-origin.js";
import { BridgedError, V1Bridge } from "./v1-bridge.js";

/** Cache hints of list and read results (2026-07-28 `ttlMs` / `cacheScope`). */
export interface CachePolicy {
  /** Milliseconds a client may reuse a list or read result; dev answers 0 (every save shows at once). */
  ttlMs: number;
  /**
   * Who may cache: "private" (the requesting client only) when answers depend on who asks,
   * else "public". By default private when the app declares OAuth (see `cacheScopeFor`).
   */
  cacheScope?: "public" | "private";
}

export interface ModernEndpointOptions {
  cache: CachePolicy;
  /** Milliseconds between keep-alive comments on `subscriptions/listen` and other streams (0: none). */
  keepAliveMs: number;
  bodyLimit: number;
  onError?: (error: unknown) => void;
}

/**
 * The hook for auth: an app whose tools act for a signed-in user answers per user, so shared
 * caches must not keep its lists. Today that is an app that declares an OAuth security
 * scheme; when the host verifies tokens itself, its auth settings decide here too.
 */
export function cacheScopeFor(state: AppState): "public" | "private" {
  return state.app.securitySchemes?.some((scheme) => scheme.type === "oauth2") ? "private" : "public";
}

const CACHEABLE = ["tools/list", "prompts/list", "resources/list", "resources/templates/list", "resources/read", "server/discover"] as const;

/** The methods a server answers, by the capability that declares them. */
const METHODS_OF: Record<string, string[]> = {
  tools: ["tools/list", "tools/call"],
  resources: ["resources/list", "resources/templates/list", "resources/read"],
  prompts: ["prompts/list", "prompts/get"],
  completions: ["completion/complete"],
};

let validator: AjvJsonSchemaValidator | undefined;

/** What the SDK's handler reports but has already answered with a 4xx: the client's mistake, not ours. */
const CLIENT_FAULT = /^(Rejected |Unsupported Media Type|Not Acceptable|Parse error|Invalid Request|Method not allowed)/;

/**
 * The 2026-07-28 era of `/mcp`, on the v2 SDK's own machinery (`createMcpHandler` with
 * `legacy: "reject"`: the 2025 era never reaches it): the per-request `_meta` envelope,
 * `server/discover`, the `Mcp-Method` / `Mcp-Name` checks (-32020), `resultType`,
 * `ttlMs` / `cacheScope` and `subscriptions/listen`. Each request gets a fresh v2 `Server`
 * whose handlers hand the request to the app: for a 1.x-SDK app, through a `V1Bridge` to one
 * long-lived server of the current app version.
 */
export class ModernEndpoint {
  #host: Host;
  #options: ModernEndpointOptions;
  #handler: McpHttpHandler;
  #bridge: { state: AppState; ready: Promise<V1Bridge> } | undefined;
  #stopWatching: () => void;

  constructor(host: Host, options: ModernEndpointOptions) {
    this.#host = host;
    this.#options = options;
    // The factory is handed the very Request `handle` made: what the bridge passes on for the app's handlers.
    this.#handler = createMcpHandler((ctx) => this.#createServer(ctx.requestInfo), {
      legacy: "reject",
      keepAliveMs: options.keepAliveMs,
      maxRequestBodySize: options.bodyLimit,
      // Refused requests are the client's business, answered on the wire; only the host's own faults are told.
      onerror: (error) => {
        if (error instanceof ProtocolError || CLIENT_FAULT.test(error.message)) return;
        options.onError?.(error);
      },
    });
    // A reload is announced on every open `subscriptions/listen` stream that opted in.
    this.#stopWatching = host.onUpdate(() => {
      this.#handler.notify.toolsChanged();
      this.#handler.notify.resourcesChanged();
      this.#handler.notify.promptsChanged();
    });
  }

  #currentBridge(): Promise<V1Bridge> {
    const state = this.#host.state;
    if (this.#bridge?.state !== state) {
      const previous = this.#bridge;
      const ready = this.#host.createServer().then((server) => V1Bridge.connect(server));
      this.#bridge = { state, ready };
      // Requests in flight on the previous version finish there; it is closed once they had time to.
      if (previous) void previous.ready.then((bridge) => setTimeout(() => void bridge.close(), 60_000).unref(), () => undefined);
      ready.catch(() => {
        if (this.#bridge?.ready === ready) this.#bridge = undefined;
      });
    }
    return this.#bridge!.ready;
  }

  async #createServer(httpRequest: Request | undefined): Promise<Server> {
    const bridge = await this.#currentBridge();
    const { capabilities, serverInfo, instructions } = bridge.description;
    const dev = this.#host.state.mode === "development";
    const hint: CacheHint = { ttlMs: dev ? 0 : this.#options.cache.ttlMs, cacheScope: this.#options.cache.cacheScope ?? cacheScopeFor(this.#host.state) };
    const declared: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(capabilities)) {
      if (name === "logging" || name === "tasks") continue;
      // Lists change only when dev reloads the app.
      declared[name] = METHODS_OF[name] && name !== "completions" ? { ...(value as object), listChanged: dev } : value;
    }
    validator ??= new AjvJsonSchemaValidator();
    const server = new Server(
      { name: serverInfo.name, version: serverInfo.version },
      {
        capabilities: declared,
        instructions,
        jsonSchemaValidator: validator,
        cacheHints: Object.fromEntries(CACHEABLE.map((method) => [method, hint])),
      },
    );
    for (const name of Object.keys(declared)) {
      for (const method of METHODS_OF[name] ?? []) {
        const handle = async (request: { params?: Record<string, unknown> }, ctx: ServerContext) => {
          try {
            return await bridge.request(method, request.params, {
              signal: ctx.mcpReq.signal,
              authInfo: ctx.http?.authInfo,
              request: httpRequest,
              onNotification: (notification) => void ctx.mcpReq.notify(notification).catch(() => undefined),
            });
          } catch (error) {
            if (!(error instanceof BridgedError)) throw error;
            // A 1.x server's miss (-32002, or -32602 in later 1.x) does not name the URI; the 2026-07-28 one does.
            const uri = request.params?.uri;
            const missing = error.code === -32002 || (error.code === -32602 && /not found/i.test(error.message));
            if (method === "resources/read" && missing && typeof uri === "string") throw new ResourceNotFoundError(uri, error.message);
            throw new ProtocolError(error.code, error.message, error.data);
          }
        };
        (server.setRequestHandler as unknown as (method: string, handler: typeof handle) => void).call(server, method, handle);
      }
    }
    return server;
  }

  /**
   * Answers one 2026-era request (its body already read and parsed) through the SDK's handler;
   * `origin`, where it came in (auth only), is what a tool's sign-in challenge names.
   */
  async handle(req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, body: unknown, origin?: string): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const abort = new AbortController();
    res.once("close", () => abort.abort());
    const request = new Request(`http://${headers.get("host") ?? "localhost"}${req.url ?? "/mcp"}`, { method: "POST", headers, signal: abort.signal });
    carryRequestOrigin(request, origin);
    // The identity the HTTP layer verified (`req.auth`) reaches handlers as `ctx.http.authInfo`, and through the bridge as `extra.authInfo`.
    const response = await this.#handler.fetch(request, { parsedBody: body, authInfo: req.auth });
    await writeResponse(response, res);
  }

  /** Ends every `subscriptions/listen` stream and request in flight (graceful shutdown). */
  async close(): Promise<void> {
    this.#stopWatching();
    await this.#handler.close();
    const bridge = this.#bridge;
    this.#bridge = undefined;
    await bridge?.ready.then((b) => b.close(), () => undefined);
  }
}

/** Writes a web Response to node:http, streaming an event stream as it comes. */
async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  if (!response.body || !(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const data = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, "content-length": String(data.length) });
    res.end(data);
    return;
  }
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body.getReader();
  res.once("close", () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || res.destroyed) break;
      res.write(value);
    }
  } catch {
    // The stream was cancelled (the client went away, or shutdown ended it).
  }
  res.end();
}
