import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";

/**
 * MCP endpoints that misbehave the ways real servers and proxies do, for `lint --url`:
 * - `hold-get`: POST is 405, so a client falls back to legacy SSE, whose GET stays open with no endpoint event;
 * - `endless-cursor`: every tools/list page has 1,000 tools and a new cursor;
 * - `huge-page`: one tools/list answer that never ends (streamed, up to 2 GiB);
 * - `gzip-bomb`: a tools/list answer of 1 GiB that is 1 MB gzipped;
 * - `html`: a web app's HTML page for every request (a catch-all route);
 * - `not-found`: 404 for everything (no MCP at this path);
 * - `reset`: the tools/list answer stops half-way and the connection is reset;
 * - `slow-drip`: the tools/list answer arrives one byte every 100 ms;
 * - `twenty-pages`: a well-behaved server whose 100 tools come in 20 pages.
 * Each listens on 127.0.0.1:0 and is bounded: it stops writing when the client goes away.
 */
export type HostileMode = "hold-get" | "endless-cursor" | "huge-page" | "gzip-bomb" | "html" | "not-found" | "reset" | "slow-drip" | "twenty-pages";

export interface HostileServer {
  url: string;
  close(): Promise<void>;
}

interface RpcRequest {
  id?: number | string;
  method?: string;
  params?: { cursor?: string; protocolVersion?: string };
}

const tool = (name: string) => ({
  name,
  title: name,
  description: `Shows ${name}.`,
  inputSchema: { type: "object", properties: {} },
  annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
  securitySchemes: [{ type: "noauth" }],
});

let bomb: Buffer[] | undefined;
/** 1 GiB of JSON whitespace as 16 gzip members of 64 MiB each (about 1 MB on the wire), made once. */
function bombMembers(): Buffer[] {
  bomb ??= Array<Buffer>(16).fill(gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }));
  return bomb;
}

function json(res: ServerResponse, id: RpcRequest["id"], result: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id, result }));
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done).off("close", done);
      resolve();
    };
    res.on("drain", done).on("close", done);
  });
}

/** Writes `next()` until it returns undefined, the client leaves or `max` bytes are out; waits for drain. */
async function stream(res: ServerResponse, next: () => string | Buffer | undefined, max: number): Promise<void> {
  let written = 0;
  while (!res.destroyed && written < max) {
    const chunk = next();
    if (chunk === undefined) break;
    written += chunk.length;
    if (!res.write(chunk)) await drained(res);
  }
  res.end();
}

function toolsList(mode: HostileMode, request: RpcRequest, req: IncomingMessage, res: ServerResponse): void {
  const page = Number(request.params?.cursor ?? 0);
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(request.id)},"result":{"tools":[`;
  switch (mode) {
    case "endless-cursor":
      return json(res, request.id, { tools: Array.from({ length: 1000 }, (_, i) => tool(`tool_${page}_${i}`)), nextCursor: String(page + 1) });
    case "twenty-pages":
      return json(res, request.id, { tools: Array.from({ length: 5 }, (_, i) => tool(`tool_${page}_${i}`)), ...(page < 19 ? { nextCursor: String(page + 1) } : {}) });
    case "huge-page": {
      res.writeHead(200, { "content-type": "application/json" });
      let i = 0;
      const batch = () => Array.from({ length: 1000 }, () => JSON.stringify(tool(`tool_${i++}`))).join(",");
      void stream(res, () => (i === 0 ? head : ",") + batch(), 2 * 1024 ** 3);
      return;
    }
    case "gzip-bomb": {
      res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
      const parts = [gzipSync(head), ...bombMembers(), gzipSync("]}}")];
      void stream(res, () => parts.shift(), 2 * 1024 ** 3);
      return;
    }
    case "reset": {
      const body = JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { tools: Array.from({ length: 50 }, (_, i) => tool(`tool_${i}`)) } });
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.write(body.slice(0, body.length / 2), () => (req.socket as Socket & { resetAndDestroy?: () => void }).resetAndDestroy?.() ?? req.socket.destroy());
      return;
    }
    case "slow-drip": {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(head);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 100);
      res.on("close", () => clearInterval(timer));
      return;
    }
    default:
      return json(res, request.id, { tools: [tool("hello")] });
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 1_000_000) break;
  }
  return body;
}

async function handle(mode: HostileMode, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (mode === "html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return void res.end("<!doctype html><html><head><title>My shop</title></head><body><div id=root></div></body></html>");
  }
  if (mode === "not-found") {
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    return void res.end(`<!DOCTYPE html><html><body><pre>Cannot ${req.method} ${req.url}</pre></body></html>`);
  }
  if (req.method === "GET" && mode === "hold-get") {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    return void res.flushHeaders();
  }
  if (req.method !== "POST" || mode === "hold-get") {
    res.writeHead(405, { allow: mode === "hold-get" ? "GET" : "POST" });
    return void res.end();
  }
  let request: RpcRequest;
  try {
    request = JSON.parse(await readBody(req)) as RpcRequest;
  } catch {
    res.writeHead(400);
    return void res.end();
  }
  if (request.id === undefined) {
    res.writeHead(202);
    return void res.end();
  }
  if (request.method === "initialize") {
    return json(res, request.id, { protocolVersion: request.params?.protocolVersion ?? "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: `hostile-${mode}`, version: "1.0.0" } });
  }
  if (request.method === "tools/list") return toolsList(mode, request, req, res);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "Method not found" } }));
}

export async function startHostileServer(mode: HostileMode): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void handle(mode, req, res).catch(() => res.destroy()));
  server.on("connection", (socket) => (sockets.add(socket), socket.on("close", () => sockets.delete(socket))));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
