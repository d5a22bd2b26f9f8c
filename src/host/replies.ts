import type { IncomingMessage, ServerResponse } from "node:http";

/** What the HTTP surface answers with, and what it reads of a request body before the SDK does. */

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function jsonRpcError(res: ServerResponse, status: number, code: number, message: string, headers?: Record<string, string>): void {
  sendJson(res, status, { jsonrpc: "2.0", error: { code, message }, id: null }, headers);
}

/** The methods of a request or batch: a plain look, where the SDK's schema check costs a zod parse per request. */
export function methodsOf(body: unknown): unknown[] {
  const method = (m: unknown) => (typeof m === "object" && m !== null ? (m as { method?: unknown }).method : undefined);
  return Array.isArray(body) ? body.map(method) : [method(body)];
}

export function isInitialize(body: unknown): boolean {
  return methodsOf(body).includes("initialize");
}

/** Whether a stateless request (or batch) could touch resources: anything but tools/*, ping and notifications. */
export function mayReadResources(body: unknown): boolean {
  return methodsOf(body).some(
    (m) => !(typeof m === "string" && (m.startsWith("tools/") || m === "ping" || m.startsWith("notifications/"))),
  );
}

export function acceptsEventStream(req: IncomingMessage): boolean {
  return (req.headers.accept ?? "").includes("text/event-stream");
}
