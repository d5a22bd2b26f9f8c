import type { IncomingMessage } from "node:http";
import { classifyInboundRequest } from "@modelcontextprotocol/server";

/** The protocol revision of the stateless era: no initialize, no sessions, `_meta` on every request. */
export const MODERN_REVISION = "2026-07-28";
/** Where a 2026-07-28 request names its revision. */
export const PROTOCOL_VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion";

/** Which protocol era answers a request on `/mcp`. */
export type ProtocolEra = "2025" | "2026";

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isDiscover(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && (body as { method?: unknown }).method === "server/discover";
}

/**
 * The era of a POST to `/mcp`, decided per request. 2026 when the request claims the
 * 2026-07-28 revision (`_meta["io.modelcontextprotocol/protocolVersion"]` or the
 * `MCP-Protocol-Version` header, by the v2 SDK's own classifier, so a header that disagrees
 * with the body is answered by the 2026 rules), or is `server/discover`; everything else
 * (initialize, ChatGPT's session-less POSTs, batches, notifications) is 2025 and is
 * answered exactly as before.
 */
export function eraOf(req: IncomingMessage, body: unknown): ProtocolEra {
  if (isDiscover(body)) return "2026";
  const outcome = classifyInboundRequest({
    httpMethod: req.method ?? "POST",
    protocolVersionHeader: header(req, "mcp-protocol-version"),
    mcpMethodHeader: header(req, "mcp-method"),
    mcpNameHeader: header(req, "mcp-name"),
    body,
  });
  return outcome.kind === "legacy" ? "2025" : "2026";
}
