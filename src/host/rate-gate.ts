import type { IncomingMessage, ServerResponse } from "node:http";
import type { RateLimits } from "../state/rate-limit.js";

type Message = { id?: unknown; method?: unknown; params?: { name?: unknown; _meta?: Record<string, unknown> } };

function messagesOf(body: unknown): Message[] {
  const list = Array.isArray(body) ? body : [body];
  return list.filter((m): m is Message => typeof m === "object" && m !== null);
}

/**
 * Who a request counts against: the OAuth subject when the request carries a verified token, else
 * ChatGPT's `openai/subject`, else the client's address. Behind a trusted proxy that is the last
 * X-Forwarded-For entry, the address the proxy itself saw: entries before it are whatever the client
 * sent, and a client choosing its own key would escape its limit.
 */
export function clientKeyOf(req: IncomingMessage, body: unknown, trustProxy: boolean): string {
  const auth = (req as { auth?: { extra?: { sub?: unknown }; clientId?: unknown } }).auth;
  const oauth = auth?.extra?.sub ?? auth?.clientId;
  if (typeof oauth === "string" && oauth) return `oauth:${oauth}`;
  for (const message of messagesOf(body)) {
    const subject = message.params?._meta?.["openai/subject"];
    if (typeof subject === "string" && subject) return `openai:${subject.slice(0, 200)}`;
  }
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const last = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded)?.split(",").at(-1)?.trim();
    if (last) return `ip:${last.slice(0, 100)}`;
  }
  return `ip:${req.socket.remoteAddress ?? "unknown"}`;
}

/**
 * Counts a request against `start`'s rate limits; over a limit it answers 429 with Retry-After and a
 * JSON-RPC error the client can show, and returns true. Requests count, not notifications or responses.
 */
export async function refuseOverLimit(limits: RateLimits, req: IncomingMessage, res: ServerResponse, body: unknown, trustProxy: boolean): Promise<boolean> {
  const requests = messagesOf(body).filter((m) => typeof m.method === "string" && m.id !== undefined);
  if (requests.length === 0) return false;
  const tools = requests.filter((m) => m.method === "tools/call" && typeof m.params?.name === "string").map((m) => m.params!.name as string);
  const refusal = await limits.consume(clientKeyOf(req, body, trustProxy), requests.length, tools);
  if (!refusal) return false;
  const text = JSON.stringify({
    jsonrpc: "2.0",
    id: requests.length === 1 ? requests[0]!.id : null,
    error: { code: -32000, message: refusal.message, data: { retryAfter: refusal.retryAfter } },
  });
  res.writeHead(429, { "content-type": "application/json", "retry-after": String(refusal.retryAfter), "content-length": Buffer.byteLength(text) }).end(text);
  return true;
}
