/**
 * Real servers for doctor's tests, each wrong in one way ChatGPT meets: written with the
 * official MCP SDK (v1) the way its examples and users write them, on loopback ports.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { SSEServerTransport } from "@modelcontextprotocol/sdk/server/sse.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { runDoctor, type DoctorReport } from "../../src/doctor/doctor.js";

/** What doctor found wrong: every check that failed or warned. */
export function findings(report: DoctorReport): string[] {
  return report.checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => c.id).sort();
}

export function check(report: DoctorReport, id: string): DoctorReport["checks"][number] {
  const found = report.checks.find((c) => c.id === id);
  assert.ok(found, `${id} is in the report`);
  return found;
}

/** doctor in process, with a generous slow threshold: these machines are shared, and slowness is not what most tests are about. */
export function doctorAt(url: string, extra: Partial<Parameters<typeof runDoctor>[0]> = {}): Promise<DoctorReport> {
  return runDoctor({ url: new URL(url), headers: {}, client: {}, timeoutMs: 10_000, slowMs: 10_000, keepaliveWaitMs: undefined, submission: false, cwd: process.cwd(), ...extra });
}

/** A request after the SDK's express app parsed its JSON body. */
type Parsed = IncomingMessage & { body?: { method?: string } };

export interface Running {
  url: string;
  origin: string;
  close(): Promise<void>;
}

const TOOL = {
  name: "get_time",
  title: "Get the time",
  description: "Returns the current server time as an ISO 8601 string.",
  inputSchema: { type: "object", properties: {} },
  outputSchema: { type: "object", properties: { now: { type: "string" } }, required: ["now"] },
  annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
  securitySchemes: [{ type: "noauth" }],
  _meta: { securitySchemes: [{ type: "noauth" }] },
};

/** One tool that lint has nothing to say about (the SDK's low-level server keeps every field), so a fixture's findings are its transport's. */
function mcpServer(): Server {
  const server = new Server({ name: "doctor-fixture", version: "1.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [TOOL] }));
  server.setRequestHandler(CallToolRequestSchema, () => {
    const now = new Date().toISOString();
    return { content: [{ type: "text", text: now }], structuredContent: { now } };
  });
  return server;
}

async function listen(server: HttpServer, host = "127.0.0.1", path = "/mcp"): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}${path}`,
    origin,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The SDK's stateful Streamable HTTP example: sessions handed out at initialize and required after. */
export async function startStatefulSdkServer(): Promise<Running> {
  const app = createMcpExpressApp();
  const transports = new Map<string, StreamableHTTPServerTransport>();
  app.post("/mcp", async (req: Parsed, res: ServerResponse) => {
    const id = req.headers["mcp-session-id"];
    let transport = typeof id === "string" ? transports.get(id) : undefined;
    if (!transport && typeof id !== "string" && req.body?.method === "initialize") {
      transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(), onsessioninitialized: (sid) => void transports.set(sid, transport!) });
      await mcpServer().connect(transport);
    }
    if (!transport) {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: "Bad Request: No valid session ID provided" }, id: null }));
      return;
    }
    await transport.handleRequest(req, res, req.body);
  });
  const bySession = async (req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers["mcp-session-id"];
    const transport = typeof id === "string" ? transports.get(id) : undefined;
    if (!transport) {
      res.writeHead(400).end("Invalid or missing session ID");
      return;
    }
    await transport.handleRequest(req, res);
  };
  app.get("/mcp", bySession);
  app.delete("/mcp", bySession);
  return listen(createServer(app));
}

/** A stateless SDK server on 0.0.0.0 with no DNS-rebinding protection (the SDK only warns). */
export async function startUnprotectedSdkServer(): Promise<Running> {
  const app = createMcpExpressApp({ host: "0.0.0.0" });
  app.all("/mcp", async (req: Parsed, res: ServerResponse) => {
    const server = mcpServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close());
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return listen(createServer(app), "0.0.0.0");
}

/** A server that speaks only the legacy HTTP+SSE transport (GET /sse, POST /messages). */
export async function startLegacySseServer(): Promise<Running> {
  const app = createMcpExpressApp();
  const transports = new Map<string, SSEServerTransport>();
  app.get("/sse", async (_req: Parsed, res: ServerResponse) => {
    const transport = new SSEServerTransport("/messages", res);
    transports.set(transport.sessionId, transport);
    res.on("close", () => transports.delete(transport.sessionId));
    await mcpServer().connect(transport);
  });
  app.post("/messages", async (req: Parsed, res: ServerResponse) => {
    const transport = transports.get(new URL(req.url ?? "/", "http://localhost").searchParams.get("sessionId") ?? "");
    if (!transport) res.writeHead(404).end("Unknown session");
    else await transport.handlePostMessage(req, res, req.body);
  });
  return listen(createServer(app), "127.0.0.1", "/sse");
}

export interface OAuthFixture {
  /** The 401's WWW-Authenticate, given the server's origin. */
  challenge?: (origin: string) => string;
  /** The protected-resource metadata, given the server's origin. */
  prm: (origin: string) => Record<string, unknown>;
  /** The authorization server's metadata (the same origin plays it), given the origin. */
  as: (origin: string) => Record<string, unknown>;
}

/** A good authorization server's metadata, for fixtures to break one field of. */
export const goodAsMetadata = (origin: string): Record<string, unknown> => ({
  issuer: origin,
  authorization_endpoint: `${origin}/authorize`,
  token_endpoint: `${origin}/token`,
  registration_endpoint: `${origin}/register`,
  response_types_supported: ["code"],
  code_challenge_methods_supported: ["S256"],
});

/** An OAuth-protected MCP endpoint (every /mcp POST is a 401) with its metadata documents, on node:http. */
export async function startOAuthServer(fixture: OAuthFixture): Promise<Running> {
  let origin = "";
  const json = (res: ServerResponse, body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", origin).pathname;
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": req.headers.origin ?? "*",
        "access-control-allow-methods": "GET, POST, DELETE, OPTIONS",
        "access-control-allow-headers": "content-type, authorization, mcp-protocol-version, mcp-session-id",
      });
      res.end();
    } else if (path === "/mcp") {
      const challenge = fixture.challenge?.(origin) ?? `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`;
      res.writeHead(401, { "www-authenticate": challenge, "content-type": "application/json" }).end('{"error":"invalid_token"}');
    } else if (path.startsWith("/.well-known/oauth-protected-resource")) json(res, fixture.prm(origin));
    else if (path === "/.well-known/oauth-authorization-server") json(res, fixture.as(origin));
    else res.writeHead(404).end("not found");
  });
  const running = await listen(server);
  origin = running.origin;
  return running;
}

/**
 * Widgets wrong in the ways ChatGPT meets: assets on a CDN (`cdnOrigin`, reached through
 * --resolve) that answer 404 or lack CORS for a module script, a localhost script, a
 * template no resource answers, a text/html MIME type and a missing CSP.
 */
export async function startBrokenWidgetServer(cdnOrigin: string): Promise<Running> {
  const card = `<!doctype html><html><head>
<script type="module" src="${cdnOrigin}/app.js"></script>
<link rel="stylesheet" href="${cdnOrigin}/missing.css">
<script src="http://localhost:5173/@vite/client"></script>
</head><body><img src="${cdnOrigin}/logo.png"><div id="root"></div></body></html>`;
  const widgets: Record<string, { mimeType: string; text: string; csp?: boolean }> = {
    "ui://widget/card.html": { mimeType: "text/html;profile=mcp-app", text: card, csp: true },
    "ui://widget/plain.html": { mimeType: "text/html", text: "<!doctype html><p>plain</p>" },
  };
  const tool = (name: string, uri: string) => ({
    ...TOOL,
    name,
    title: `Show ${name}`,
    description: `Shows the ${name} widget.`,
    _meta: { ...TOOL._meta, ui: { resourceUri: uri }, "openai/outputTemplate": uri },
  });
  const server = () => {
    const s = new Server({ name: "doctor-widgets", version: "1.0.0" }, { capabilities: { tools: {}, resources: {} } });
    s.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [tool("card", "ui://widget/card.html"), tool("plain", "ui://widget/plain.html"), tool("gone", "ui://widget/gone.html")] }));
    s.setRequestHandler(CallToolRequestSchema, () => ({ content: [], structuredContent: { now: "" } }));
    s.setRequestHandler(ListResourcesRequestSchema, () => ({ resources: Object.entries(widgets).map(([uri, w]) => ({ uri, name: uri, mimeType: w.mimeType })) }));
    s.setRequestHandler(ReadResourceRequestSchema, (request) => {
      const widget = widgets[request.params.uri];
      if (!widget) throw new McpError(ErrorCode.InvalidParams, `Resource ${request.params.uri} not found`);
      const csp = widget.csp ? { ui: { csp: { resourceDomains: [cdnOrigin, "http://localhost:5173"], connectDomains: [] }, domain: "doctor.example" } } : {};
      return { contents: [{ uri: request.params.uri, mimeType: widget.mimeType, text: widget.text, _meta: csp }] };
    });
    return s;
  };
  const app = createMcpExpressApp();
  app.all("/mcp", async (req: Parsed, res: ServerResponse) => {
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void transport.close());
    await server().connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return listen(createServer(app));
}

/** A CDN for the widgets: /app.js without CORS headers, /logo.png fine, anything else 404. */
export async function startCdn(): Promise<Running> {
  const server = createServer((req, res) => {
    if (req.url === "/app.js") res.writeHead(200, { "content-type": "text/javascript" }).end("export {};");
    else if (req.url === "/logo.png") res.writeHead(200, { "content-type": "image/png" }).end("png");
    else res.writeHead(404).end("not found");
  });
  return listen(server, "127.0.0.1", "");
}
