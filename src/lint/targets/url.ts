import { SSEClientTransport, StreamableHTTPClientTransport, type PriorDiscovery } from "@modelcontextprotocol/client";
import { CliError } from "../../errors.js";
import type { LintRun } from "../lint-run.js";
import type { LintSnapshot } from "../types.js";
import { noteUiGating } from "../ui-gating.js";
import { boundedFetch, type HttpExchange } from "./bounded-fetch.js";
import { collectOverTransport, describeConnectionError, listToolsWithoutUi } from "./client.js";
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

/**
 * A first POST answered with a 4xx that says "not here, not this way" (not auth, not a
 * limit): the endpoint may speak only the legacy HTTP+SSE transport, so it is worth trying.
 */
function refusedStreamable(seen: HttpExchange[]): HttpExchange | undefined {
  const first = seen.find((e) => e.method === "POST");
  return first && first.status >= 400 && first.status < 500 && ![401, 403, 408, 413, 429].includes(first.status) ? first : undefined;
}

/** What the SDK quoted of a refused POST's body (a JSON-RPC error says why), kept short. */
function bodyOf(error: unknown): string {
  const text = /Error POSTing to endpoint: (.+)$/s.exec(error instanceof Error ? error.message : "")?.[1]?.trim();
  if (!text) return "";
  return `: ${text.length > 200 ? `${text.slice(0, 200)}…` : text}`;
}

/** Both transports failed: the first attempt's answer is the cause, the fallback's is the footnote. */
function bothFailed(url: URL, primary: string, status: number, error: unknown): CliError {
  const code = (error as { code?: unknown }).code;
  const legacy = typeof code === "number" && code > 0 ? `its GET answered HTTP ${code}` : describeConnectionError(error).replace(/^SSE error: /, "");
  return new CliError("lint_unreachable", `Could not lint ${url.href}: ${primary}; lint then tried the legacy SSE transport, which failed too (${legacy}).`, {
    hint: status === 404 ? "Check the URL: nothing answers MCP at this path (the endpoint usually ends in /mcp)." : "Check the URL (the MCP endpoint usually ends in /mcp) and that the server is running.",
    cause: error,
  });
}

/** Does the server publish OAuth protected-resource metadata? A short best-effort probe. */
async function probeOauth(url: URL, run: LintRun): Promise<boolean> {
  const candidates = [`${url.origin}/.well-known/oauth-protected-resource${url.pathname.replace(/\/$/, "")}`, `${url.origin}/.well-known/oauth-protected-resource`];
  const fetchWithin = boundedFetch({ run, url });
  run.waitingFor = "checking for OAuth protected-resource metadata";
  for (const candidate of new Set(candidates)) {
    try {
      const response = await fetchWithin(candidate, { signal: AbortSignal.timeout(3000), redirect: "manual" });
      if (!response.ok || !/json/i.test(response.headers.get("content-type") ?? "")) {
        await response.body?.cancel();
        continue;
      }
      const body = (await response.json()) as unknown;
      if (typeof body === "object" && body !== null && ("authorization_servers" in body || "resource" in body)) return true;
    } catch {
      // No metadata (or not JSON): the server does not advertise OAuth.
    }
  }
  run.check();
  return false;
}

type Kind = "streamable-http" | "sse";

/**
 * Lints a running server: Streamable HTTP first, then the legacy HTTP+SSE transport if
 * the endpoint refused it (`transport: "auto"`), all within the run's deadline and limits.
 */
/** An error's message with its causes, as far as the SDK wrapped them. */
function errorText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.message === "string") parts.push(e.message);
  }
  return parts.join(" ← ");
}

export async function collectUrl(options: UrlTargetOptions): Promise<CollectedTarget> {
  const url = parseUrl(options.url);
  const { run } = options;
  run.subject = `linting ${url.href}`;
  const requestInit: RequestInit = { headers: options.headers ?? {} };
  const choice = options.transport ?? "auto";
  // Both transports send requestInit's headers on every request, the SSE stream's GET included.
  const transportFor = (kind: Kind, seen?: HttpExchange[]) => {
    const fetch = boundedFetch({ run, url, seen: (e) => seen?.push(e), streamCarriesAnswers: kind === "sse" });
    return kind === "sse" ? new SSEClientTransport(url, { requestInit, fetch }) : new StreamableHTTPClientTransport(url, { requestInit, fetch });
  };
  const lintOver = async (kind: Kind, seen?: HttpExchange[], why = ""): Promise<LintSnapshot> => {
    const starting = kind === "sse" ? `waiting for the legacy SSE stream (GET) to send its endpoint event${why}` : undefined;
    const collect = (era?: PriorDiscovery) => collectOverTransport(transportFor(kind, seen), { target: `url ${url.href} (${kind})`, run, starting, era });
    const { snapshot, era } = await collect().catch((error: unknown) => {
      run.check();
      // A 2025-era server that fails on a method it does not know (HTTP 5xx) may still answer initialize.
      const eraFailed = (error as { code?: unknown }).code === "ERA_NEGOTIATION_FAILED" && Number((error as { status?: unknown }).status) >= 500;
      // A server that speaks both eras may refuse, in the 2026 one, to send a list its SDK finds
      // malformed; the 2025 era sends it as the app wrote it, which is what lint is here to judge.
      const refusedList = /Invalid result for (tools|resources|prompts)\//.test(errorText(error));
      if (!eraFailed && !refusedList) throw error;
      return collect({ kind: "legacy" });
    });
    noteUiGating(snapshot, await listToolsWithoutUi(transportFor(kind), { run, starting, era }));
    return snapshot;
  };
  let snapshot: LintSnapshot;
  try {
    if (choice === "sse") snapshot = await lintOver("sse");
    else {
      const seen: HttpExchange[] = [];
      try {
        snapshot = await lintOver("streamable-http", seen);
      } catch (error) {
        run.check();
        const refused = refusedStreamable(seen);
        if (!refused) throw error;
        const answered = `answered HTTP ${refused.status}${refused.html ? " (an HTML page)" : bodyOf(error)}`;
        const primary = `POST ${url.href} ${answered}`;
        if (choice !== "auto") throw unreachable(url, new Error(primary));
        try {
          snapshot = await lintOver("sse", undefined, ` (POST ${answered}, so lint tried the legacy transport)`);
        } catch (legacyError) {
          run.check();
          throw legacyError instanceof CliError ? legacyError : bothFailed(url, primary, refused.status, legacyError);
        }
      }
    }
  } catch (error) {
    run.check();
    if (error instanceof CliError) throw error;
    throw unreachable(url, error);
  }
  if (await probeOauth(url, run)) snapshot.server.oauth = true;
  return { snapshot };
}
