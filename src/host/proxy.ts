import { request, type IncomingMessage, type ServerResponse } from "node:http";

/** Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host"]);

/**
 * Forwards one request to `target` (an MCP URL of another server, e.g. a Python child under
 * dev) and streams the answer back, event streams included. The Host becomes the target's,
 * so the other server's own DNS-rebinding check sees a loopback name.
 */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, target: string, search: string, onError: (error: unknown) => void): void {
  const url = new URL(target);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  headers.host = url.host;
  const upstream = request(
    { protocol: url.protocol, hostname: url.hostname, port: url.port, method: req.method, path: `${url.pathname}${search}`, headers },
    (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    },
  );
  upstream.on("error", (error) => {
    onError(error);
    if (!res.headersSent) {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32603, message: `The server at ${target} did not answer: ${error.message}` }, id: null }));
    } else res.end();
  });
  // A client that goes away (a closed event stream) closes the upstream request too.
  res.on("close", () => upstream.destroy());
  req.pipe(upstream);
}
