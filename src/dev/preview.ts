import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpOptions } from "../host/http.js";
import type { DevEvents, PreviewEvent } from "./events.js";

/** Where the preview page listens for rebuilds (Server-Sent Events). */
export const PREVIEW_EVENTS_PATH = "/__chatgpt-app/events";

export interface PreviewInfo {
  app: string;
  mcpUrl: string;
  tunnelMcpUrl: string | undefined;
  /** Undefined when another server (server.command) serves the tools. */
  tools: Array<{ name: string; title?: string; widgetUri?: string }> | undefined;
  widgets: Array<{ name: string; uri: string; bytes: number }>;
}

export interface PreviewRoutes {
  handle: NonNullable<HttpOptions["extraRoutes"]>;
  /** Ends the open event streams, which would otherwise hold the HTTP server open. */
  close(): void;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function renderPage(info: PreviewInfo): string {
  const tools =
    info.tools === undefined
      ? `<p>Tools are served by <code>server.command</code> at <code>${escapeHtml(info.mcpUrl)}</code>.</p>`
      : `<ul>${info.tools
          .map((t) => `<li><code>${escapeHtml(t.name)}</code>${t.title ? ` ${escapeHtml(t.title)}` : ""}${t.widgetUri ? ` → <code>${escapeHtml(t.widgetUri)}</code>` : ""}</li>`)
          .join("")}</ul>`;
  const widgets = `<ul>${info.widgets
    .map((w) => `<li><code>${escapeHtml(w.name)}</code> <code>${escapeHtml(w.uri)}</code> (${w.bytes} bytes)</li>`)
    .join("")}</ul>`;
  const tunnel = info.tunnelMcpUrl ? `<p>ChatGPT connector URL: <code>${escapeHtml(info.tunnelMcpUrl)}</code></p>` : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(info.app)} · chatgpt-app dev</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}code{font-size:13px}</style></head>
<body><h1>${escapeHtml(info.app)}</h1>
<p>MCP endpoint: <code>${escapeHtml(info.mcpUrl)}</code></p>${tunnel}
<h2>Tools</h2>${tools}<h2>Widgets</h2>${widgets}
<script>const events = new EventSource(${JSON.stringify(PREVIEW_EVENTS_PATH)});
for (const type of ["widget-rebuilt", "server-rebuilt"]) events.addEventListener(type, () => location.reload());</script>
</body></html>`;
}

/**
 * The dev server's own pages, beside MCP: `GET /`, for now a page listing the tools and
 * widgets that reloads itself on each rebuild, and `GET /__chatgpt-app/events`, a stream
 * of preview events (`widget-rebuilt`, `server-rebuilt`, `build-error`) for the preview page.
 */
export function createPreviewRoutes(events: DevEvents, describe: () => Promise<PreviewInfo>): PreviewRoutes {
  const streams = new Set<ServerResponse>();
  const send = (event: PreviewEvent) => {
    const frame = `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  events.on("preview", send);

  const openStream = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    res.write(": chatgpt-app dev preview events\n\n");
    streams.add(res);
    req.on("close", () => streams.delete(res));
  };

  return {
    async handle(req, res, url) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      if (url.pathname === PREVIEW_EVENTS_PATH) {
        openStream(req, res);
        return true;
      }
      if (url.pathname !== "/" && url.pathname !== "/index.html") return false;
      const html = renderPage(await describe());
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html), "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : html);
      return true;
    },
    close() {
      events.off("preview", send);
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
