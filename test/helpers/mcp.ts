import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";

export type Raw = Record<string, any>;

export interface Connected {
  client: Client;
  /** A request whose result comes back unparsed (the SDK's result schemas drop unknown tool keys). */
  raw(method: string, params?: Record<string, unknown>): Promise<Raw>;
  close(): Promise<void>;
}

/** The official SDK client over Streamable HTTP, or over the legacy SSE transport. */
export async function connect(url: string, kind: "streamable" | "sse" = "streamable"): Promise<Connected> {
  const client = new Client({ name: "chatgpt-app-tests", version: "1.0.0" });
  const transport = kind === "sse" ? new SSEClientTransport(new URL(url)) : new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return {
    client,
    raw: (method, params = {}) => client.request({ method, params }, ResultSchema) as Promise<Raw>,
    close: () => client.close(),
  };
}

/**
 * A JSON-RPC POST without any session, as ChatGPT sometimes sends. Uses node:http rather
 * than fetch, which silently drops a custom Host header. With `timeoutMs`, an answer not
 * complete by then rejects (the request is aborted).
 */
export function postJsonRpc(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  options: { timeoutMs?: number } = {},
): Promise<{ status: number; json: Raw | undefined; text: string; headers: Record<string, string | string[] | undefined> }> {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        ...(options.timeoutMs ? { signal: AbortSignal.timeout(options.timeoutMs) } : {}),
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "content-length": Buffer.byteLength(payload),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("error", reject);
        res.on("end", () => {
          let json: Raw | undefined;
          try {
            json = JSON.parse(text.startsWith("event:") || text.startsWith("data:") ? (/data: (.*)/.exec(text)?.[1] ?? "") : text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, text, headers: res.headers });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

export const initializeRequest = (id = 1) => ({
  jsonrpc: "2.0",
  id,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

/**
 * Polls `check` until it returns a value other than undefined. A check that throws counts as
 * "not yet" (a frame navigating mid-read, a server restarting); on timeout its last error is said.
 */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out${lastError ? `; last error: ${String(lastError)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
