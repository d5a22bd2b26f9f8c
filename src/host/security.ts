import type { IncomingMessage, ServerResponse } from "node:http";

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]", "::1"] as const;

/** `example.com:8787` → `example.com`; `[::1]:8787` → `[::1]`; lower-cased. */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

/** Accepts `https://a.example.com/x`, `a.example.com:443` or `a.example.com`; gives the host name. */
export function normalizeAllowedHost(entry: string): string {
  const value = entry.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return new URL(value).hostname.toLowerCase();
  return hostnameOf(value);
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

const ALLOW_HEADERS = "content-type, authorization, mcp-session-id, mcp-protocol-version, last-event-id, accept";
const EXPOSE_HEADERS = "mcp-session-id, mcp-protocol-version, www-authenticate";

/** CORS for browser MCP clients (MCP Inspector, the preview page): the origin is echoed once it passed the Origin check. */
export function setCorsHeaders(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
  res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
  res.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  res.setHeader("Access-Control-Max-Age", "86400");
}
