/**
 * The preview page's HTTP routes, mounted by `chatgpt-app dev` through `startHttpServer`'s
 * `extraRoutes`: the page at `/`, its script, widget frame documents (served with the CSP
 * built from the resource's `_meta.ui.csp`) and the event stream that drives live reload.
 * The page talks MCP to `/mcp` itself, with the official SDK client.
 *
 * Every preview route answers loopback Hosts only: through the tunnel (any other Host) the
 * page, its event stream (build errors quote the user's source) and the frame store (which
 * serves any HTML posted to it) are refused, and only what ChatGPT needs is served.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyTooLargeError, readBody, refuseBody } from "../host/body.js";
import { isLoopbackHost } from "../host/security.js";
import { loadPreviewAssets } from "./assets.js";
import type { FrameLayerOptions, PreviewEvent, RebuildKind } from "./client/protocol.js";
import { buildContentSecurityPolicy, buildFrameDocument, type ResourceCsp } from "./frame-document.js";
import { hoistInlineScripts, type HoistedDocument } from "./frame-scripts.js";
import { renderPreviewPage } from "./page-html.js";
import type { SignInRoutes } from "./sign-in.js";

/** What the page is told as the project changes (declared beside the page's code, which reads it). */
export type { PreviewEvent, RebuildKind };

/** Where preview events come from: the dev server's event bus (`DevEvents`) fits. */
export interface PreviewEventSource {
  on(event: "preview", listener: (event: PreviewEvent) => void): unknown;
  off(event: "preview", listener: (event: PreviewEvent) => void): unknown;
}

export interface PreviewRoutesOptions {
  events?: PreviewEventSource;
  /** Shown in the page (chatgpt-app's version). */
  version?: string;
  /** The MCP endpoint the page connects to. Default `/mcp`. */
  mcpPath?: string;
  /** Frame documents kept for reloads (oldest dropped first). Default 64. */
  maxFrames?: number;
  /** Largest frame document accepted, in bytes. Default 32 MB. */
  maxFrameBytes?: number;
  /**
   * The widget the dev server serves now, by name: its HTML goes with the rebuild event (as a
   * `source` the page builds its frame from), so the page does not read it back over MCP.
   */
  servedWidget?(name: string): { uri: string; html: string } | undefined;
  /** The URL hosts reach the MCP server at (the tunnel's, or BASE_URL's), for what a host judges by it. */
  serverUrl?(): string | undefined;
  /** The sign-in routes (`/auth/…`) of an app that is an OAuth resource server (see sign-in.ts). */
  signIn?: SignInRoutes;
}

export interface PreviewRoutes {
  /** An `extraRoutes` handler: true when it answered the request. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** Ends the event streams (before the HTTP server closes, so it need not wait for them). */
  close(): void;
}

export const PREVIEW_PREFIX = "/__chatgpt-app";

/** How long a reserved frame's load waits for its document. */
const RESERVED_WAIT_MS = 5000;

interface StoredFrame {
  html: string;
  csp: string;
}

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), "cache-control": "no-store", ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, "application/json", JSON.stringify(body));
}

/** Build errors still standing, by `kind:name`, so a page opened later shows them too. */
function trackErrors(errors: Map<string, PreviewEvent>, event: PreviewEvent): void {
  if (event.type === "build-error") errors.set(`${event.kind}:${event.name}`, event);
  else if (event.type === "widget-rebuilt") errors.delete(`widget:${event.name}`);
  else for (const key of [...errors.keys()]) if (!key.startsWith("widget:")) errors.delete(key);
}

/** The host profile's wishes for the frame's layer, as the page posted them (anything else ignored). */
function layerOf(value: unknown): Partial<FrameLayerOptions> {
  const layer = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return { openai: layer.openai !== false, mirrorsLocale: layer.mirrorsLocale !== false };
}

/**
 * Creates the preview's routes. Mount them with
 * `startHttpServer(host, { extraRoutes: routes.handle })`.
 */
export function createPreviewRoutes(options: PreviewRoutesOptions = {}): PreviewRoutes {
  const frames = new Map<string, StoredFrame>();
  const maxFrames = options.maxFrames ?? 64;
  const maxFrameBytes = options.maxFrameBytes ?? 32 * 1024 * 1024;
  const streams = new Set<ServerResponse>();
  const errors = new Map<string, PreviewEvent>();

  const sources = new Map<string, HoistedDocument>();
  /** Frame ids a rebuild event gave one page, whose document it has yet to post: their loads wait for it. */
  const reserved = new Map<string, { stored: Promise<void>; store(): void }>();
  const reserve = (): string => {
    const id = randomUUID();
    let store!: () => void;
    const stored = new Promise<void>((resolve) => (store = resolve));
    keep(reserved, id, { stored, store });
    return id;
  };
  const scripts = new Map<string, string>();
  /** The scripts kept, by their text: the same packages in the next build are named without hashing them again. */
  const names = new Map<string, string>();
  /** The document with its large scripts moved out, the scripts kept to be served. */
  const hoist = (html: string): HoistedDocument => {
    const hoisted = hoistInlineScripts(html, `${PREVIEW_PREFIX}/frame-script/`, undefined, names);
    for (const [name, text] of hoisted.scripts) {
      keep(scripts, name, text);
      keep(names, text, name);
    }
    return hoisted;
  };
  const keep = <T>(map: Map<string, T>, id: string, value: T) => {
    map.set(id, value);
    for (const old of map.keys()) {
      if (map.size <= maxFrames) break;
      map.delete(old);
    }
  };
  /** A rebuilt widget's HTML, kept for the frames the pages build from it. */
  const withSource = (event: PreviewEvent): PreviewEvent => {
    if (event.type !== "widget-rebuilt") return event;
    const served = options.servedWidget?.(event.name);
    if (!served || served.uri !== event.uri) return event;
    const source = randomUUID();
    keep(sources, source, hoist(served.html));
    return { ...event, source };
  };
  const broadcast = (raw: PreviewEvent) => {
    trackErrors(errors, raw);
    const event = streams.size ? withSource(raw) : raw;
    // With the rebuilt HTML, each page gets a frame id of its own: its frame starts loading while its document is posted.
    for (const res of streams) res.write(`data: ${JSON.stringify(event.type === "widget-rebuilt" && event.source ? { ...event, frame: reserve() } : event)}\n\n`);
  };
  options.events?.on("preview", broadcast);
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(": ping\n\n");
  }, 20_000).unref();

  const storeFrame = async (req: IncomingMessage, res: ServerResponse) => {
    let body: { html?: unknown; source?: unknown; frame?: unknown; csp?: unknown; globals?: unknown; layer?: unknown };
    try {
      body = JSON.parse(await readBody(req, maxFrameBytes)) as typeof body;
    } catch (error) {
      if (error instanceof BodyTooLargeError) refuseBody(req, res, 413, JSON.stringify({ error: error.message }), { "content-type": "application/json" });
      else sendJson(res, 400, { error: (error as Error).message });
      return;
    }
    const reservation = typeof body?.frame === "string" ? reserved.get(body.frame) : undefined;
    if (body?.frame !== undefined && !reservation) {
      sendJson(res, 409, { error: "That frame id was not given to this page, or its document was posted already." });
      return;
    }
    // Whatever the answer, the reserved frame's load waits no longer.
    if (reservation) {
      reserved.delete(body.frame as string);
      res.on("close", reservation.store);
    }
    const html = typeof body?.source === "string" ? sources.get(body.source)?.html : body?.html;
    if (typeof html !== "string") {
      if (typeof body?.source === "string") sendJson(res, 404, { error: "That widget build is no longer kept; read the widget again." });
      else sendJson(res, 400, { error: "Send { html, csp?, globals?, layer? }: the widget's HTML as resources/read returned it (or the source a rebuild event named)." });
      return;
    }
    const { frameShim } = await loadPreviewAssets();
    const id = reservation ? (body.frame as string) : randomUUID();
    keep(frames, id, {
      html: buildFrameDocument(typeof body.source === "string" ? html : hoist(html).html, frameShim, body.globals ?? {}, layerOf(body.layer)),
      csp: buildContentSecurityPolicy((body.csp ?? undefined) as ResourceCsp | undefined),
    });
    reservation?.store();
    sendJson(res, 201, { id, path: `${PREVIEW_PREFIX}/frame/${id}` });
  };

  const openStream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    res.write("retry: 1000\n\n");
    for (const event of errors.values()) res.write(`data: ${JSON.stringify(event)}\n\n`);
    streams.add(res);
    req.on("close", () => streams.delete(res));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    const method = req.method ?? "GET";
    const previewPath = path === "/" || path.startsWith(`${PREVIEW_PREFIX}/`);
    // A relay that rewrites Host to localhost (an ngrok or cloudflared run by hand) still says it forwarded.
    const relayed = req.headers["x-forwarded-for"] !== undefined || req.headers["x-forwarded-host"] !== undefined || req.headers.forwarded !== undefined;
    if (previewPath && (relayed || !isLoopbackHost(req.headers.host))) {
      send(res, 403, "text/plain; charset=utf-8", `The preview is served on this machine only: open http://localhost:${req.socket.localPort}/ there.\n`);
      return true;
    }
    if (path === "/" && (method === "GET" || method === "HEAD")) {
      send(res, 200, "text/html; charset=utf-8", renderPreviewPage({ version: options.version, mcpPath: options.mcpPath ?? "/mcp", serverUrl: options.serverUrl?.() }));
      return true;
    }
    if (!path.startsWith(`${PREVIEW_PREFIX}/`)) return false;
    const rest = path.slice(PREVIEW_PREFIX.length);
    if (rest === "/preview.js" && method === "GET") {
      const { pageScript } = await loadPreviewAssets();
      send(res, 200, "text/javascript; charset=utf-8", pageScript);
      return true;
    }
    if (rest === "/frames" && method === "POST") {
      await storeFrame(req, res);
      return true;
    }
    if (rest.startsWith("/frame/") && method === "GET") {
      const id = rest.slice("/frame/".length);
      const reservation = reserved.get(id);
      // A reserved frame loads as its document is posted (a page that never posts it gets the 404 in time).
      if (reservation) await Promise.race([reservation.stored, new Promise((r) => setTimeout(r, RESERVED_WAIT_MS).unref())]);
      const frame = frames.get(id);
      if (!frame) {
        send(res, 404, "text/plain; charset=utf-8", "This widget frame expired; reload the preview page.");
        return true;
      }
      send(res, 200, "text/html; charset=utf-8", frame.html, { "content-security-policy": frame.csp, "x-content-type-options": "nosniff" });
      return true;
    }
    if (rest.startsWith("/frame-script/") && method === "GET") {
      const script = scripts.get(rest.slice("/frame-script/".length));
      if (script === undefined) send(res, 404, "text/plain; charset=utf-8", "This script is no longer kept; reload the preview page.");
      // Named by its content: the browser keeps it, and its compiled code, across reloads.
      else send(res, 200, "text/javascript; charset=utf-8", script, { "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" });
      return true;
    }
    if (rest === "/events" && method === "GET") {
      openStream(req, res);
      return true;
    }
    return (await options.signIn?.handle(req, res, rest, url)) ?? false;
  };

  return {
    handle,
    close() {
      clearInterval(heartbeat);
      options.events?.off("preview", broadcast);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
