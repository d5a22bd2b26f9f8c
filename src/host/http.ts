import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { BodyTooLargeError, readBody, refuseBody } from "./body.js";
import { drainable } from "./drain.js";
import { ModernEndpoint, type CachePolicy } from "./era-2026.js";
import { eraOf } from "./era.js";
import { proxyRequest } from "./proxy.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { refuseOverLimit } from "./rate-gate.js";
import type { RateLimits } from "../state/rate-limit.js";
import type { SessionRelay } from "../state/session-relay.js";
import type { Host } from "./host.js";
import { DEFAULT_CACHE_TTL } from "./serve-options.js";
import { acceptsEventStream, isInitialize, jsonRpcError, mayReadResources, sendJson } from "./replies.js";
import { AllowedHosts, hostnameOf, requestHost, requestOrigin, setCorsHeaders } from "./security.js";

/**
 * The app's OAuth resource server (src/auth), plugged in by the command that serves it: its
 * metadata routes, and the bearer check every MCP request passes first.
 */
export interface HttpAuth {
  /** Answers `/.well-known/oauth-protected-resource[/…]` for the origin the request came in on; true when it did. */
  serveMetadata(req: IncomingMessage, res: ServerResponse, url: URL, origin: string | undefined): boolean;
  /**
   * The verified identity (put on `req.auth`, which the SDK's transports hand to handlers as `authInfo`), or a
   * refusal whose challenge names the metadata at `origin`, the one the request came in on.
   */
  authenticate(req: IncomingMessage, origin: string | undefined): Promise<{ authInfo?: AuthInfo } | { refusal: { status: number; headers: Record<string, string>; message: string } }>;
}

const MCP_PATHS = new Set(["/mcp", "/sse", "/mcp/messages", "/messages"]);

export interface HttpOptions {
  port: number;
  /** Interface to bind; default 127.0.0.1. */
  hostname?: string;
  /** Host names accepted besides loopback (DNS-rebinding protection). */
  allowedHosts?: Iterable<string>;
  bodyLimit?: number;
  /** Prefix of public paths when a proxy mounts the app below `/` (from BASE_URL). */
  basePath?: string;
  /** Honour X-Forwarded-Host when checking the Host (behind a proxy the deployment trusts). */
  trustProxy?: boolean;
  /** Milliseconds between `: keep-alive` comments on event streams (default 15 s; 0: none). */
  sseKeepAliveMs?: number;
  /**
   * Cache hints on 2026-07-28 list and read results: `ttlMs` (default 60 s; dev always 0) and
   * `cacheScope` (default: private when the app declares OAuth, else public).
   */
  cache?: Partial<CachePolicy>;
  /** How long `close()` lets requests in flight finish by default (default 3 s). */
  shutdownTimeoutMs?: number;
  /** Told once per refused Host name (DNS-rebinding protection), e.g. to log the fix. */
  onRefusedHost?: (host: string) => void;
  /** Extra routes (the dev preview page); return true when handled. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>;
  /**
   * Another server answers MCP (dev's `server.command`): `/mcp` is forwarded to this URL,
   * so a page on this server (the preview) talks to the real app.
   */
  proxyMcpTo?: string;
  /** Figures for `/healthz`. */
  version?: string;
  /** The token served at `/.well-known/openai-apps-challenge` (OpenAI's domain verification at submission). */
  openaiAppsChallenge?: string;
  /** What fails now (dev: builds served from their last good version); `/healthz` says degraded while any does. */
  problems?: () => string[];
  onError?: (error: unknown) => void;
  /** OAuth: protected-resource metadata and a bearer check before every MCP request. */
  auth?: HttpAuth;
  /** `start`'s rate limits, counted before each MCP request is handled. */
  rateLimits?: RateLimits;
  /** Several instances: a request for a session held by another instance is relayed to it (Redis pub/sub). */
  relay?: SessionRelay;
}

export interface HttpHandle {
  server: Server;
  port: number;
  hostname: string;
  /** `http://127.0.0.1:8787`, the local origin (a loopback address when bound to every interface). */
  origin: string;
  /** `http://0.0.0.0:8787`: the address really bound. */
  address: string;
  allowedHosts: AllowedHosts;
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * The HTTP surface of `dev` and `start` (documented in docs/start.md) on plain node:http and the SDK's
 * own transports: Streamable HTTP at /mcp (stateless unless the client keeps the session
 * it was given at initialize), legacy HTTP+SSE at GET /mcp + /mcp/messages and /sse +
 * /messages, CORS, /healthz, Host and Origin checks, a body limit, graceful close.
 */
export async function startHttpServer(host: Host, options: HttpOptions): Promise<HttpHandle> {
  const allowedHosts = new AllowedHosts(options.allowedHosts ?? []);
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  const base = (options.basePath ?? "").replace(/\/+$/, "");
  const reportError = options.onError ?? (() => undefined);

  const parseBody = async (req: IncomingMessage, res: ServerResponse): Promise<{ ok: true; body: unknown } | { ok: false }> => {
    let text: string;
    try {
      text = await readBody(req, bodyLimit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        const answer = { jsonrpc: "2.0", error: { code: -32600, message: `Request body too large: the limit is ${bodyLimit} bytes.` }, id: null };
        refuseBody(req, res, 413, JSON.stringify(answer), { "content-type": "application/json" });
      } else {
        jsonRpcError(res, 400, -32600, "Could not read the request body.");
      }
      return { ok: false };
    }
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch (error) {
      jsonRpcError(res, 400, -32700, `Parse error: ${(error as Error).message}`);
      return { ok: false };
    }
  };

  const limits = options.rateLimits?.active ? options.rateLimits : undefined;
  const relay = options.relay;
  /** True when the request was over a rate limit (and answered 429); a relayed request counted where it arrived. */
  const overLimit = (req: IncomingMessage, res: ServerResponse, body: unknown) =>
    limits !== undefined && !relay?.isRelayed(req) ? refuseOverLimit(limits, req, res, body, options.trustProxy ?? false) : false;

  /** A session this instance does not hold: relayed to the instance that does; false when none does. */
  const relayed = async (id: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (!relay || relay.isRelayed(req)) return false;
    let body: string | undefined;
    if (req.method === "POST") {
      const parsed = await parseBody(req, res);
      if (!parsed.ok) return true;
      if (await overLimit(req, res, parsed.body)) return true;
      body = JSON.stringify(parsed.body);
    }
    const outcome = await relay.forward(id, req, res, body);
    if (outcome === "unreachable") {
      jsonRpcError(res, 503, -32000, "This session is held by another instance, and the shared store (Redis) is unreachable: try again in a moment.", { "retry-after": "2" });
    }
    return outcome !== "missing";
  };

  const keepAliveMs = options.sseKeepAliveMs ?? 15_000;
  // Proxies with idle timeouts (nginx, Cloudflare, Render) cut a quiet stream: a comment now and then keeps it open.
  // Written between the SDK's events only while the answer is an open 200 stream (a JSON answer ends as its head is written).
  const keepStreamAlive = (res: ServerResponse) => {
    if (keepAliveMs <= 0) return;
    const timer = setInterval(() => {
      if (res.headersSent && !res.writableEnded && res.statusCode === 200) res.write(": keep-alive\n\n");
    }, keepAliveMs).unref();
    res.once("close", () => clearInterval(timer));
  };

  // The 2026-07-28 era: chosen per request, after the same Host, Origin and body checks as the 2025 one.
  const modern = new ModernEndpoint(host, {
    cache: { ttlMs: options.cache?.ttlMs ?? DEFAULT_CACHE_TTL * 1000, cacheScope: options.cache?.cacheScope },
    keepAliveMs,
    bodyLimit,
    onError: reportError,
  });

  // `origin`: where the request came in (auth only). A server built for one request or session names it in its tools' challenges.
  const handleStateless = async (req: IncomingMessage, res: ServerResponse, body: unknown, origin: string | undefined) => {
    const server = await host.createServer({ widgets: mayReadResources(body), origin });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const startStreamableSession = async (req: IncomingMessage, res: ServerResponse, body: unknown, origin: string | undefined) => {
    const server = await host.createServer({ longLived: true, origin });
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => host.addSession({ id, kind: "streamable-http", server, transport, origin }),
      onsessionclosed: (id) => host.forgetSession(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) host.forgetSession(transport.sessionId);
    };
    await server.connect(transport);
    keepStreamAlive(res);
    await transport.handleRequest(req, res, body);
  };

  const startSseSession = async (res: ServerResponse, endpoint: string, origin: string | undefined) => {
    const server = await host.createServer({ longLived: true, origin });
    const transport = new SSEServerTransport(`${base}${endpoint}`, res);
    res.on("close", () => {
      host.forgetSession(transport.sessionId);
      void server.close();
    });
    await host.addSession({ id: transport.sessionId, kind: "sse", server, transport, origin });
    if (res.destroyed) return;
    await server.connect(transport);
    keepStreamAlive(res);
  };

  const handleMcp = async (req: IncomingMessage, res: ServerResponse, origin: string | undefined) => {
    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = host.getSession(sessionId);
      if (!session && (await relayed(sessionId, req, res))) return;
      if (!session || session.kind !== "streamable-http") {
        // 404 tells a client its session is gone, so it initializes again (MCP spec).
        jsonRpcError(res, 404, -32001, "Session not found: initialize again, or send the request without Mcp-Session-Id.");
        return;
      }
      const transport = session.transport as StreamableHTTPServerTransport;
      keepStreamAlive(res);
      if (req.method === "POST") {
        const parsed = await parseBody(req, res);
        if (parsed.ok && !(await overLimit(req, res, parsed.body))) await transport.handleRequest(req, res, parsed.body);
      } else {
        await transport.handleRequest(req, res);
      }
      return;
    }
    if (req.method === "GET") {
      if (acceptsEventStream(req)) return startSseSession(res, "/mcp/messages", origin);
      jsonRpcError(res, 406, -32000, "GET /mcp opens an event stream: send Accept: text/event-stream.");
      return;
    }
    if (req.method === "POST") {
      const parsed = await parseBody(req, res);
      if (!parsed.ok || (await overLimit(req, res, parsed.body))) return;
      if (eraOf(req, parsed.body) === "2026") return modern.handle(req, res, parsed.body, origin);
      if (isInitialize(parsed.body)) return startStreamableSession(req, res, parsed.body, origin);
      return handleStateless(req, res, parsed.body, origin);
    }
    if (req.method === "DELETE") {
      jsonRpcError(res, 400, -32000, "DELETE /mcp needs the Mcp-Session-Id of the session to end.");
      return;
    }
    jsonRpcError(res, 405, -32000, `Method ${req.method} is not allowed on /mcp.`, { allow: "GET, POST, DELETE, OPTIONS" });
  };

  const handleLegacyPost = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const id = url.searchParams.get("sessionId") ?? "";
    const session = host.getSession(id);
    if (!session && id && (await relayed(id, req, res))) return;
    if (!session || session.kind !== "sse") {
      jsonRpcError(res, 404, -32001, "Unknown sessionId: open the event stream (GET /sse or GET /mcp) first.");
      return;
    }
    const parsed = await parseBody(req, res);
    if (parsed.ok && !(await overLimit(req, res, parsed.body))) await (session.transport as SSEServerTransport).handlePostMessage(req, res, parsed.body);
  };

  /** The bearer check: true when the request goes on (with `req.auth` set when a token came). */
  const authenticate = async (auth: HttpAuth, req: IncomingMessage & { auth?: AuthInfo }, res: ServerResponse, reached: string | undefined): Promise<boolean> => {
    const outcome = await auth.authenticate(req, reached);
    if ("refusal" in outcome) {
      const { status, headers, message } = outcome.refusal;
      refuseBody(req, res, status, JSON.stringify({ jsonrpc: "2.0", error: { code: -32001, message }, id: null }), { "content-type": "application/json", ...headers });
      return false;
    }
    if (outcome.authInfo) req.auth = outcome.authInfo;
    return true;
  };

  // Once per name, and a bounded number of names: a scanner sending random Hosts fills no memory and no log.
  const refusedHosts = new Set<string>();
  const reportRefusedHost = (name: string) => {
    if (!options.onRefusedHost || refusedHosts.has(name) || refusedHosts.size >= 100) return;
    refusedHosts.add(name);
    options.onRefusedHost(name);
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    let path = url.pathname;
    if (base && path.startsWith(`${base}/`)) path = path.slice(base.length);

    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      const problems = options.problems?.() ?? [];
      sendJson(res, 200, {
        status: problems.length > 0 ? "degraded" : "ok",
        ...(problems.length > 0 ? { problems } : {}),
        version: options.version,
        app: host.state.app.name,
        widgets: host.state.widgets.size,
        sessions: host.sessionCount,
      });
      return;
    }

    // A public token, fetched by OpenAI's verifier at the origin's root whatever Host it sends: no Host check.
    if (url.pathname === "/.well-known/openai-apps-challenge" && options.openaiAppsChallenge && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" }).end(options.openaiAppsChallenge);
      return;
    }

    const checked = requestHost(req, options.trustProxy ?? false);
    if ("duplicate" in checked) {
      jsonRpcError(res, 400, -32000, "Bad request: more than one Host header.", { connection: "close" });
      return;
    }
    const hostHeader = checked.host;
    if (!allowedHosts.allows(hostHeader)) {
      if (hostHeader) reportRefusedHost(hostnameOf(hostHeader));
      jsonRpcError(res, 403, -32000, `Invalid Host: ${hostHeader ?? "(none)"}. Add it to allowedHosts (or ALLOWED_HOSTS) to accept it.`);
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.allowsOrigin(origin)) {
      jsonRpcError(res, 403, -32000, `Invalid Origin: ${origin}.`);
      return;
    }
    // Only browsers need CORS headers, and they always send Origin on such requests.
    if (origin !== undefined) setCorsHeaders(req, res);
    if (req.method === "OPTIONS") {
      res.writeHead(204).end();
      return;
    }
    // Where the request came in (this Host, or the trusted proxy's): what auth challenges and metadata name, in both eras.
    // Only auth reads it, passed along each path; an app without auth pays nothing for it.
    return serve(req, res, url, path, options.auth ? requestOrigin(req, hostHeader!, options.trustProxy ?? false) : undefined);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse, url: URL, path: string, reached: string | undefined) => {
    if (options.auth?.serveMetadata(req, res, url, reached)) return;
    if (options.auth && MCP_PATHS.has(path) && !(await authenticate(options.auth, req, res, reached))) return;
    if (path === "/mcp" && options.proxyMcpTo) return proxyRequest(req, res, options.proxyMcpTo, url.search, reportError);
    if (path === "/mcp") return handleMcp(req, res, reached);
    if (path === "/sse" && req.method === "GET") return startSseSession(res, "/messages", reached);
    if ((path === "/mcp/messages" || path === "/messages") && req.method === "POST") return handleLegacyPost(req, res, url);
    if (options.extraRoutes && (await options.extraRoutes(req, res, url))) return;
    sendJson(res, 404, { error: "not_found", message: `Nothing at ${path}. The MCP endpoint is ${base}/mcp.` });
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      reportError(error);
      if (!res.headersSent) jsonRpcError(res, 500, -32603, "Internal error in chatgpt-app's host; this is a bug.");
      else res.end();
    });
  });
  const draining = drainable(server);

  const hostname = options.hostname ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  relay?.listen(port);
  const bracket = (name: string) => (name.includes(":") ? `[${name}]` : name);
  const bound = (server.address() as AddressInfo).address;
  const display = bound === "0.0.0.0" ? "127.0.0.1" : bound === "::" ? "[::1]" : bracket(hostname);

  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    hostname,
    origin: `http://${display}:${port}`,
    address: `http://${bracket(bound)}:${port}`,
    allowedHosts,
    close({ timeoutMs = options.shutdownTimeoutMs ?? 3000 } = {}) {
      // Open event streams would hold the server forever: the sessions end once no new request can come.
      closing ??= draining.drain(timeoutMs, async () => {
        await Promise.all([host.close(), modern.close()]);
      });
      return closing;
    },
  };
}
