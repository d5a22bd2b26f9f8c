import type { IncomingMessage, ServerResponse } from "node:http";
import { hostnameOf, normalizeAllowedHost } from "../util/host-names.js";

export { hostnameOf, normalizeAllowedHost };

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"] as const;

/**
 * The Host a request is checked against: the proxy's `X-Forwarded-Host` when the deployment
 * trusts its proxy (the last entry: the one the nearest proxy wrote), else `Host`. A request
 * with two `Host` headers is ambiguous and gets `duplicate`.
 */
export function requestHost(req: IncomingMessage, trustProxy: boolean): { host: string | undefined } | { duplicate: true } {
  let hosts = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === "host") hosts += 1;
  if (hosts > 1) return { duplicate: true };
  const forwarded = trustProxy ? req.headers["x-forwarded-host"] : undefined;
  const last = typeof forwarded === "string" ? forwarded.split(",").pop()!.trim() : "";
  return { host: last || req.headers.host };
}

const lastEntry = (value: string | string[] | undefined) => (typeof value === "string" ? value.split(",").pop()!.trim().toLowerCase() : "");

/**
 * The origin a request came in on, from the Host `requestHost` found (already allowed): the
 * scheme is the proxy's `X-Forwarded-Proto` when the deployment trusts its proxy, else this
 * server's own. Undefined for a Host that is no plain `name[:port]`.
 */
export function requestOrigin(req: IncomingMessage, host: string, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? lastEntry(req.headers["x-forwarded-proto"]) : "";
  const scheme = forwarded === "https" || forwarded === "http" ? forwarded : (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  try {
    const url = new URL(`${scheme}://${host}`);
    return url.username || url.password || url.pathname !== "/" || url.search || url.hash ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection: the Host names this server answers to. Loopback names always
 * pass; the tunnel host and configured hosts are added. `*.example.com` allows subdomains.
 */
export class AllowedHosts {
  #exact = new Set<string>(LOOPBACK_HOSTS);
  #suffixes: string[] = [];

  constructor(entries: Iterable<string> = []) {
    for (const entry of entries) this.add(entry);
  }

  add(entry: string): void {
    const host = normalizeAllowedHost(entry);
    if (!host) return;
    if (host.startsWith("*.")) this.#suffixes.push(host.slice(1));
    else this.#exact.add(host);
  }

  delete(entry: string): void {
    this.#exact.delete(normalizeAllowedHost(entry));
  }

  allows(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const host = hostnameOf(hostHeader);
    return this.#exact.has(host) || this.#suffixes.some((suffix) => host.endsWith(suffix));
  }

  /** An `Origin` header passes when its host is one we answer to. */
  allowsOrigin(origin: string): boolean {
    if (origin === "null") return false;
    try {
      return this.allows(new URL(origin).host);
    } catch {
      return false;
    }
  }

  list(): string[] {
    return [...this.#exact, ...this.#suffixes.map((s) => `*${s}`)];
  }
}

const ALLOW_HEADERS = "content-type, authorization, mcp-session-id, mcp-protocol-version, mcp-method, mcp-name, last-event-id, accept";

/**
 * The allowed request headers of a preflight: ours, plus the `Mcp-Param-*` headers the browser
 * asks for (2026-07-28 clients mirror tool arguments declared with `x-mcp-header` in them, and
 * a header list cannot name a prefix).
 */
function allowHeaders(req: IncomingMessage): string {
  const asked = req.headers["access-control-request-headers"];
  if (typeof asked !== "string") return ALLOW_HEADERS;
  const params = asked
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => /^mcp-param-[a-z0-9_.-]+$/.test(name));
  return params.length > 0 ? `${ALLOW_HEADERS}, ${[...new Set(params)].join(", ")}` : ALLOW_HEADERS;
}
const EXPOSE_HEADERS = "mcp-session-id, mcp-protocol-version, www-authenticate";

/** CORS for browser MCP clients (MCP Inspector, the preview page): the origin is echoed once it passed the Origin check. */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", allowHeaders(req));
  res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  res.setHeader("Access-Control-Max-Age", "86400");
}

/** Whether a Host header names this machine: the dev preview answers only those. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  return hostHeader !== undefined && (LOOPBACK_HOSTS as readonly string[]).includes(hostnameOf(hostHeader));
}
