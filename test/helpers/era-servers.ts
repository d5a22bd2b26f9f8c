// One small app served three ways, for the tests of our own clients (lint, the preview page):
//   - 2026-only: the v2 SDK's createMcpHandler with `legacy: "reject"` (no initialize, no sessions);
//   - 2025-only: the v1 SDK's stateless Streamable HTTP transport (refuses server/discover);
//   - SSE-only: the v1 SDK's legacy HTTP+SSE transport (GET /sse + POST /messages).
// Every server has the same tool, rendering the same widget, with the same metadata.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { toNodeHandler } from "@modelcontextprotocol/node";
import { McpServer as McpServerV1 } from "@modelcontextprotocol/sdk/server/mcp.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { createMcpHandler, McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { z } from "zod";

export type Era = "2026" | "2025" | "sse";

export const WIDGET_URI = "ui://widget/era-card-5e1f0a9c.html";
export const WIDGET_HTML =
  '<!doctype html><html><head><meta charset="utf-8"></head><body><div id="out">waiting</div><script>' +
  "window.addEventListener('message', (e) => { const m = e.data; if (m && m.method === 'ui/notifications/tool-result') document.getElementById('out').textContent = 'era ' + m.params.structuredContent.era; });" +
  "window.parent.postMessage({ jsonrpc: '2.0', id: 1, method: 'ui/initialize', params: { protocolVersion: '2026-01-26', appInfo: { name: 'era-card', version: '1.0.0' }, appCapabilities: {} } }, '*');" +
  "window.addEventListener('message', (e) => { if (e.data && e.data.id === 1 && e.data.result) window.parent.postMessage({ jsonrpc: '2.0', method: 'ui/notifications/initialized' }, '*'); });" +
  "</script></body></html>";

export interface EraOptions {
  /** Extra `properties` entries merged into the tool's input schema, as JSON Schema (the v2 server only). */
  inputProperties?: Record<string, unknown>;
  /** The tool's output schema, as JSON Schema. */
  outputSchema?: Record<string, unknown>;
  /** The 2025-era server answers server/discover with HTTP 500, as some servers do with a method they do not know. */
  discoverFails?: boolean;
  /** The widget's HTML (default: a hand-written MCP Apps view). */
  widgetHtml?: string;
}

const toolMeta = {
  ui: { resourceUri: WIDGET_URI, visibility: ["model", "app"] },
  "openai/outputTemplate": WIDGET_URI,
  "openai/widgetAccessible": true,
  "openai/toolInvocation/invoking": "Drawing…",
  "openai/toolInvocation/invoked": "Drawn",
};
const resourceMeta = {
  ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true },
  "openai/widgetDescription": "A card naming the protocol era.",
  "openai/widgetCSP": { connect_domains: [], resource_domains: [] },
  "openai/widgetPrefersBorder": true,
  "openai/widgetDomain": "https://era-card.example-app.dev",
};
const annotations = { readOnlyHint: true, destructiveHint: false, openWorldHint: false, idempotentHint: true };
const description = "Draws a card that names the protocol era the server speaks. Use it when the user asks which era this is.";

function answer(era: string) {
  return { content: [{ type: "text" as const, text: `era ${era}` }], structuredContent: { era } };
}

function v1Server(era: string, html: string): McpServerV1 {
  const server = new McpServerV1({ name: `era-${era}`, version: "1.0.0" }, { instructions: `Speaks ${era} only.` });
  server.registerTool(
    "draw_card",
    { title: "Draw card", description, inputSchema: { label: z.string().optional() }, outputSchema: { era: z.string() }, annotations, _meta: toolMeta },
    async () => answer(era),
  );
  server.registerResource("era-card", WIDGET_URI, { mimeType: "text/html;profile=mcp-app", _meta: resourceMeta }, async () => ({
    contents: [{ uri: WIDGET_URI, mimeType: "text/html;profile=mcp-app", text: html, _meta: resourceMeta }],
  }));
  return server;
}

/** A schema given as plain JSON Schema: what the v2 SDK advertises is exactly this. */
function jsonSchema(schema: Record<string, unknown>) {
  return {
    "~standard": {
      version: 1 as const,
      vendor: "test",
      validate: (value: unknown) => ({ value }),
      jsonSchema: { input: () => schema, output: () => schema },
    },
  };
}

function v2Server(options: EraOptions): McpServerV2 {
  const server = new McpServerV2({ name: "era-2026", version: "1.0.0" }, { instructions: "Speaks 2026-07-28 only." });
  const html = options.widgetHtml ?? WIDGET_HTML;
  const input = { type: "object", properties: { label: { type: "string" }, ...options.inputProperties } };
  const output = options.outputSchema ?? { type: "object", properties: { era: { type: "string" } }, required: ["era"] };
  // JSON Schemas written by hand, not zod: the SDK's overloads are typed for its schema builders.
  const registerTool = server.registerTool.bind(server) as unknown as (name: string, config: object, cb: () => Promise<unknown>) => void;
  registerTool(
    "draw_card",
    { title: "Draw card", description, inputSchema: jsonSchema(input), outputSchema: jsonSchema(output), annotations, _meta: toolMeta },
    async () => answer("2026-07-28"),
  );
  server.registerResource("era-card", WIDGET_URI, { mimeType: "text/html;profile=mcp-app", _meta: resourceMeta }, async () => ({
    contents: [{ uri: WIDGET_URI, mimeType: "text/html;profile=mcp-app", text: html, _meta: resourceMeta }],
  }));
  return server;
}

export interface EraServer {
  era: Era;
  origin: string;
  /** The MCP endpoint a client is given: /mcp, or /sse for the legacy transport. */
  url: string;
  /** Every JSON-RPC method POSTed, with the era headers it came with. */
  requests: Array<{ method: string; path: string; protocolVersion: string | undefined; mcpMethod: string | undefined; mcpName: string | undefined }>;
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<void> | void;

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (req.method !== "POST") return undefined;
  let text = "";
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Starts one of the three servers on a free loopback port. `extra` answers any other path
 * first (the preview page's routes, in the preview tests); return true when it did.
 */
export async function startEraServer(era: Era, options: EraOptions = {}, extra?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>): Promise<EraServer> {
  const requests: EraServer["requests"] = [];
  const sse = new Map<string, SSEServerTransport>();
  const modern = era === "2026" ? createMcpHandler(() => v2Server(options), { legacy: "reject" }) : undefined;
  const modernNode = modern ? toNodeHandler(modern) : undefined;
  const routes: Record<string, Route> = {
    "/mcp": async (req, res, body) => {
      if (modernNode) return void (await modernNode(req, res, body));
      if (era === "sse") return void res.writeHead(404).end("Not found");
      if (req.method !== "POST") return void res.writeHead(405, { allow: "POST" }).end();
      if (options.discoverFails && (body as { method?: unknown } | undefined)?.method === "server/discover") return void res.writeHead(500).end("Internal Server Error");
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      const server = v1Server("2025-11-25", options.widgetHtml ?? WIDGET_HTML);
      res.on("close", () => void transport.close());
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    },
    "/sse": async (req, res) => {
      if (era !== "sse" || req.method !== "GET") return void res.writeHead(405).end();
      const transport = new SSEServerTransport("/messages", res);
      sse.set(transport.sessionId, transport);
      res.on("close", () => sse.delete(transport.sessionId));
      await v1Server("sse", options.widgetHtml ?? WIDGET_HTML).connect(transport);
    },
    "/messages": async (req, res, body) => {
      const transport = sse.get(new URL(req.url ?? "/", "http://x").searchParams.get("sessionId") ?? "");
      if (!transport) return void res.writeHead(404).end("Unknown session");
      await transport.handlePostMessage(req, res, body);
    },
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    void (async () => {
      if (extra && (await extra(req, res, url))) return;
      const route = routes[url.pathname];
      if (!route) return void res.writeHead(404).end("Not found");
      const body = await readJson(req);
      for (const message of Array.isArray(body) ? body : [body]) {
        const method = (message as { method?: unknown } | undefined)?.method;
        if (typeof method !== "string") continue;
        const header = (name: string) => (typeof req.headers[name] === "string" ? (req.headers[name] as string) : undefined);
        requests.push({ method, path: url.pathname, protocolVersion: header("mcp-protocol-version"), mcpMethod: header("mcp-method"), mcpName: header("mcp-name") });
      }
      await route(req, res, body);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    era,
    origin,
    url: `${origin}${era === "sse" ? "/sse" : "/mcp"}`,
    requests,
    async close() {
      await modern?.close();
      for (const transport of sse.values()) await transport.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
