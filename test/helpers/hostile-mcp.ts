import { randomUUID } from "node:crypto";
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
 * With `legacySse` the answers come as events on the legacy HTTP+SSE transport's stream instead
 * (POST /mcp is 404, so a client falls back to it; not for `hold-get` and `gzip-bomb`).
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

/** Where one JSON-RPC answer goes: the POST's own body (Streamable HTTP), or one event on the open stream (legacy SSE). */
interface Answer {
  start(headers?: Record<string, string>): void;
  /** Resolves once the chunk may be followed by more (backpressure). */
  write(chunk: string | Buffer): Promise<void>;
  end(): void;
  /** Resets the connection in the middle of the answer. */
  reset(): void;
  readonly gone: boolean;
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

function resetSocket(res: ServerResponse): void {
  // Let what was written reach the client first: a reset drops unsent data.
  setTimeout(() => {
    const socket = res.socket as (Socket & { resetAndDestroy?: () => void }) | null;
    if (socket?.resetAndDestroy) socket.resetAndDestroy();
    else socket?.destroy();
  }, 50);
}

function httpAnswer(res: ServerResponse): Answer {
  return {
    start: (headers = {}) => res.writeHead(200, { "content-type": "application/json", ...headers }),
    write: (chunk) => (res.write(chunk) ? Promise.resolve() : drained(res)),
    end: () => res.end(),
    reset: () => resetSocket(res),
    get gone() {
      return res.destroyed;
    },
  };
}

function sseAnswer(stream: ServerResponse): Answer {
  return {
    start: () => void stream.write("event: message\ndata: "),
    write: (chunk) => (stream.write(chunk) ? Promise.resolve() : drained(stream)),
    end: () => void stream.write("\n\n"),
    reset: () => resetSocket(stream),
    get gone() {
      return stream.destroyed;
    },
  };
}

function json(answer: Answer, id: RpcRequest["id"], result: unknown): void {
  answer.start();
  void answer.write(JSON.stringify({ jsonrpc: "2.0", id, result }));
  answer.end();
}

/** Writes `next()` until it returns undefined, the client leaves or `max` bytes are out. */
async function stream(answer: Answer, next: () => string | Buffer | undefined, max: number): Promise<void> {
  let written = 0;
  while (!answer.gone && written < max) {
    const chunk = next();
    if (chunk === undefined) break;
    written += chunk.length;
    await answer.write(chunk);
  }
  answer.end();
}

function toolsList(mode: HostileMode, request: RpcRequest, answer: Answer): void {
  const page = Number(request.params?.cursor ?? 0);
  const head = `{"jsonrpc":"2.0","id":${JSON.stringify(request.id)},"result":{"tools":[`;
  switch (mode) {
    case "endless-cursor":
      return json(answer, request.id, { tools: Array.from({ length: 1000 }, (_, i) => tool(`tool_${page}_${i}`)), nextCursor: String(page + 1) });
    case "twenty-pages":
      return json(answer, request.id, { tools: Array.from({ length: 5 }, (_, i) => tool(`tool_${page}_${i}`)), ...(page < 19 ? { nextCursor: String(page + 1) } : {}) });
    case "huge-page": {
      answer.start();
      let i = 0;
      const batch = () => Array.from({ length: 1000 }, () => JSON.stringify(tool(`tool_${i++}`))).join(",");
      void stream(answer, () => (i === 0 ? head : ",") + batch(), 2 * 1024 ** 3);
      return;
    }
    case "gzip-bomb": {
      answer.start({ "content-encoding": "gzip" });
      const parts = [gzipSync(head), ...bombMembers(), gzipSync("]}}")];
      void stream(answer, () => parts.shift(), 2 * 1024 ** 3);
      return;
    }
    case "reset": {
      const body = JSON.stringify({ jsonrpc: "2.0", id: request.id, result: { tools: Array.from({ length: 50 }, (_, i) => tool(`tool_${i}`)) } });
      answer.start({ "content-length": String(body.length) });
      void answer.write(body.slice(0, body.length / 2));
      answer.reset();
      return;
    }
    case "slow-drip": {
      answer.start();
      void answer.write(head);
      const timer = setInterval(() => (answer.gone ? clearInterval(timer) : void answer.write(" ")), 100);
      return;
    }
    default:
      return json(answer, request.id, { tools: [tool("hello")] });
  }
}

/** The answer to one request, or undefined for a notification. */
function answerTo(mode: HostileMode, request: RpcRequest, answer: Answer): void {
  if (request.method === "initialize") {
    return json(answer, request.id, { protocolVersion: request.params?.protocolVersion ?? "2025-06-18", capabilities: { tools: {} }, serverInfo: { name: `hostile-${mode}`, version: "1.0.0" } });
  }
  if (request.method === "tools/list") return toolsList(mode, request, answer);
  answer.start();
  void answer.write(JSON.stringify({ jsonrpc: "2.0", id: request.id, error: { code: -32601, message: "Method not found" } }));
  answer.end();
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 1_000_000) break;
  }
  return body;
}

async function handle(mode: HostileMode, legacy: Map<string, ServerResponse> | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (mode === "html") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return void res.end("<!doctype html><html><head><title>My shop</title></head><body><div id=root></div></body></html>");
  }
  if (mode === "not-found") {
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    return void res.end(`<!DOCTYPE html><html><body><pre>Cannot ${req.method} ${req.url}</pre></body></html>`);
  }
  if (!/^\/(mcp|messages)(\?|$)/.test(req.url ?? "")) {
    res.writeHead(404);
    return void res.end();
  }
  if (req.method === "GET" && (mode === "hold-get" || legacy)) {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    if (!legacy) return void res.flushHeaders();
    const session = randomUUID();
    legacy.set(session, res);
    res.on("close", () => legacy.delete(session));
    return void res.write(`event: endpoint\ndata: /messages?session=${session}\n\n`);
  }
  const stream = legacy?.get(new URL(req.url ?? "/", "http://x").searchParams.get("session") ?? "");
  if (req.method !== "POST" || mode === "hold-get" || (legacy && !stream)) {
    res.writeHead(legacy ? 404 : 405, { allow: mode === "hold-get" ? "GET" : "POST" });
    return void res.end();
  }
  let request: RpcRequest;
  try {
    request = JSON.parse(await readBody(req)) as RpcRequest;
  } catch {
    res.writeHead(400);
    return void res.end();
  }
  if (request.id === undefined || stream) {
    res.writeHead(202);
    res.end();
  }
  if (request.id !== undefined) answerTo(mode, request, stream ? sseAnswer(stream) : httpAnswer(res));
}

/** `legacySse`: speak the HTTP+SSE transport (GET opens the stream, POSTs go to its endpoint) instead of Streamable HTTP. */
export async function startHostileServer(mode: HostileMode, options: { legacySse?: boolean } = {}): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const legacy = options.legacySse ? new Map<string, ServerResponse>() : undefined;
  const server = createServer((req, res) => void handle(mode, legacy, req, res).catch(() => res.destroy()));
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
