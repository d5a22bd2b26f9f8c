import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CliError } from "../../errors.js";
import type { LintSnapshot } from "../types.js";
import { noteUiGating } from "../ui-gating.js";
import { collectOverTransport, deadlineOf, describeConnectionError, listToolsWithoutUi, timeoutError } from "./client.js";
import type { CollectedTarget, TargetOptions } from "./target.js";

export type TransportChoice = "auto" | "streamable-http" | "sse";

export interface UrlTargetOptions extends TargetOptions {
  url: string;
  /** Extra request headers, e.g. `Authorization: Bearer …`. */
  headers?: Record<string, string>;
  transport?: TransportChoice;
}

/** `--header "Name: value"` → [name, value]; anything else is a usage error. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(":");
  const name = colon > 0 ? text.slice(0, colon).trim() : "";
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new CliError("usage_invalid", `--header "${text}" is not "Name: value".`, { hint: 'e.g. --header "Authorization: Bearer $TOKEN"' });
  }
  return [name, text.slice(colon + 1).trim()];
}

export function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError("usage_invalid", `--url "${text}" is not a URL.`, { hint: "e.g. --url https://my-app.example.com/mcp" });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CliError("usage_invalid", `--url must be http:// or https://, got ${url.protocol}`);
  }
  return url;
}

/** Connection-level failures (refused, DNS, reset) are not worth a second transport. */
function isConnectionFailure(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return typeof code === "string" && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)$/.test(code);
}

function unreachable(url: URL, error: unknown): CliError {
  const detail = describeConnectionError(error);
  const auth = /\b401\b|unauthorized/i.test(detail);
  return new CliError("lint_unreachable", `Could not lint ${url.href}: ${detail}`, {
    hint: auth
      ? 'The server wants credentials: pass them with --header "Authorization: Bearer <token>".'
      : "Check the URL (the MCP endpoint usually ends in /mcp) and that the server is running.",
    cause: error,
  });
}

/** Does the server publish OAuth protected-resource metadata? A short best-effort probe. */
async function probeOauth(url: URL, deadline: AbortSignal): Promise<boolean> {
  const candidates = [`${url.origin}/.well-known/oauth-protected-resource${url.pathname.replace(/\/$/, "")}`, `${url.origin}/.well-known/oauth-protected-resource`];
  for (const candidate of new Set(candidates)) {
    try {
      const response = await fetch(candidate, { signal: AbortSignal.any([deadline, AbortSignal.timeout(3000)]), redirect: "manual" });
      if (!response.ok) continue;
      const body = (await response.json()) as unknown;
      if (typeof body === "object" && body !== null && ("authorization_servers" in body || "resource" in body)) return true;
    } catch {
      // No metadata (or not JSON): the server does not advertise OAuth.
    }
  }
  return false;
}

/**
 * Lints a running server: Streamable HTTP first, then the legacy HTTP+SSE transport if
 * the endpoint does not speak it (`transport: "auto"`), all within one deadline.
 */
export async function collectUrl(options: UrlTargetOptions): Promise<CollectedTarget> {
  const url = parseUrl(options.url);
  const deadline = deadlineOf(options.timeoutMs);
  const requestInit: RequestInit = { headers: options.headers ?? {} };
  const choice = options.transport ?? "auto";
  // Both transports send requestInit's headers on every request, the SSE stream's GET included.
  const transportFor = (kind: "streamable-http" | "sse") =>
    kind === "sse" ? new SSEClientTransport(url, { requestInit }) : new StreamableHTTPClientTransport(url, { requestInit });
  const run = async (kind: "streamable-http" | "sse"): Promise<LintSnapshot> => {
    const collected = await collectOverTransport(transportFor(kind), { target: `url ${url.href} (${kind})`, deadline, timeoutMs: options.timeoutMs });
    noteUiGating(collected, await listToolsWithoutUi(transportFor(kind), { deadline, timeoutMs: options.timeoutMs }));
    return collected;
  };
  let snapshot: LintSnapshot;
  try {
    if (choice === "sse") snapshot = await run("sse");
    else {
      try {
        snapshot = await run("streamable-http");
      } catch (error) {
        if (choice !== "auto" || deadline.aborted || isConnectionFailure(error) || error instanceof CliError) throw error;
        snapshot = await run("sse");
      }
    }
  } catch (error) {
    if (deadline.aborted) throw timeoutError(options.timeoutMs, `linting ${url.href}`);
    if (error instanceof CliError) throw error;
    throw unreachable(url, error);
  }
  if (await probeOauth(url, deadline)) snapshot.server.oauth = true;
  return { snapshot };
}
