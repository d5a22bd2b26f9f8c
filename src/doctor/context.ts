import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CliError, errorMessage } from "../errors.js";
import { LintRun } from "../lint/lint-run.js";
import { isLocalHostname } from "../lint/rule-helpers.js";
import { boundedFetch } from "../lint/targets/bounded-fetch.js";
import type { LintSnapshot } from "../lint/types.js";
import { CHECK_BY_ID, type CheckGroup, type CheckId, type CheckStatus } from "./catalog.js";
import { createFetch, type ClientOptions } from "./http-client.js";

/** A submission listing (`--listing FILE`): what the app directory shows. */
export interface Listing {
  name?: string;
  subtitle?: string;
  description?: string;
  starterPrompts?: string[];
}

export interface CheckResult {
  id: CheckId;
  group: CheckGroup;
  status: CheckStatus;
  title: string;
  /** What was seen (fail, warn and skip). */
  cause?: string;
  /** What to do (fail and warn). */
  fix?: string;
  /** The step that produced it took this long. */
  durationMs: number;
  /** Per-item findings (assets, diagnostics, slow steps). */
  details?: string[];
}

export interface DoctorSettings {
  url: URL;
  headers: Record<string, string>;
  client: ClientOptions;
  /** Each step gives up after this long. */
  timeoutMs: number;
  /** A step slower than this is `slow-response`. */
  slowMs: number;
  /** `--slow`: also wait on an idle event stream this long for keep-alive bytes. */
  keepaliveWaitMs: number | undefined;
  submission: boolean;
  /** `--listing FILE`, read up front, checked with `--submission`. */
  listing?: { file: string; listing: Listing };
  /** The project folder, for lint's config. */
  cwd: string;
}

export interface Exchange {
  status: number;
  headers: Headers;
  text: string;
  /** The JSON-RPC message of the body (JSON, or the first `data:` of an event stream). */
  message: Record<string, unknown> | undefined;
}

/** The 2025-era protocol doctor speaks, as ChatGPT does. */
export const PROTOCOL_2025 = "2025-06-18";
/** The largest probe body read; MCP answers to initialize and tools/list are far smaller. */
const PROBE_BYTES = 4 * 1024 * 1024;

function messageOf(text: string, contentType: string): Record<string, unknown> | undefined {
  const json = /event-stream/i.test(contentType) ? /^data: ?(.*)$/m.exec(text)?.[1] : text;
  try {
    const value = JSON.parse(json ?? "") as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What doctor has learnt so far, the checks' results, and the steps' timings. */
export class DoctorContext {
  readonly results: CheckResult[] = [];
  /** Every timed step; `request` marks the single-request ones that `slow-response` judges. */
  readonly steps: Array<{ name: string; durationMs: number; request: boolean }> = [];
  fetch: FetchLike;
  /** The public initialize's answer, when the server was reached. */
  initialize: Exchange | undefined;
  /** A 401 answered without credentials. */
  challenged: Exchange | undefined;
  /** The server speaks only the legacy HTTP+SSE transport. */
  legacyOnly = false;
  snapshot: LintSnapshot | undefined;
  /** Set when the whole run cannot go on (exit 2). */
  fatal = false;

  constructor(readonly settings: DoctorSettings) {
    this.fetch = createFetch(settings.client);
  }

  get url(): URL {
    return this.settings.url;
  }

  /** A loopback or private URL: no HTTPS expected, a foreign Host is a rebinding risk. */
  get local(): boolean {
    return isLocalHostname(this.url.hostname.replace(/^\[|\]$/g, ""));
  }

  /** Records one check's result; `fix` defaults to the catalog's. */
  report(id: CheckId, status: CheckStatus, options: { cause?: string; fix?: string; durationMs?: number; details?: string[] } = {}): void {
    const definition = CHECK_BY_ID.get(id)!;
    const failing = status === "fail" || status === "warn";
    this.results.push({
      id,
      group: definition.group,
      status,
      title: definition.title,
      ...(options.cause ? { cause: options.cause } : {}),
      ...(failing ? { fix: options.fix ?? definition.fix } : {}),
      durationMs: Math.round(options.durationMs ?? 0),
      ...(options.details?.length ? { details: options.details } : {}),
    });
  }

  has(id: CheckId, ...statuses: CheckStatus[]): boolean {
    return this.results.some((r) => r.id === id && statuses.includes(r.status));
  }

  /** Times one step for the summary and `slow-response`. */
  async step<T>(name: string, work: (run: LintRun) => Promise<T>, options: { request?: boolean; timeoutMs?: number } = {}): Promise<{ value: T; durationMs: number }> {
    const run = this.run(options.timeoutMs);
    const started = performance.now();
    const request = options.request ?? false;
    try {
      const value = await work(run);
      return { value, durationMs: this.timed(name, started, request) };
    } catch (error) {
      this.timed(name, started, request);
      throw error;
    } finally {
      run.close();
    }
  }

  /** Records a step that began at `started` (a `performance.now()`); returns its duration. */
  timed(name: string, started: number, request: boolean): number {
    const durationMs = performance.now() - started;
    this.steps.push({ name, durationMs: Math.round(durationMs), request });
    return durationMs;
  }

  /** A run with the step deadline, going out through doctor's client. */
  run(timeoutMs = this.settings.timeoutMs): LintRun {
    const run = new LintRun({ timeoutMs, fetch: this.fetch });
    run.subject = `checking ${this.url.href}`;
    run.timeoutHint = "Check that the server is up and answering, or give each step longer with --timeout <ms>.";
    return run;
  }

  /** One HTTP request within `run`, its body read whole (up to a few MB). `credentials: false` leaves out `--header`s. */
  async probe(run: LintRun, init: { method?: string; url?: string | URL; headers?: Record<string, string>; body?: unknown; credentials?: boolean }): Promise<Exchange> {
    const url = new URL(String(init.url ?? this.url));
    const fetch = boundedFetch({ run, url });
    const body = init.body === undefined ? undefined : JSON.stringify(init.body);
    const headers = new Headers(init.credentials === false ? {} : this.settings.headers);
    if (body) {
      headers.set("content-type", "application/json");
      headers.set("accept", "application/json, text/event-stream");
    }
    for (const [name, value] of Object.entries(init.headers ?? {})) headers.set(name, value);
    const method = init.method ?? (body ? "POST" : "GET");
    const rpc = (init.body as { method?: string } | undefined)?.method;
    run.waitingFor = `waiting for the answer to ${rpc ?? `${method} ${url.pathname}`}`;
    try {
      const response = await fetch(url.href, { method, headers, body, redirect: "manual" });
      const bytes = new Uint8Array(await new Response(response.body).arrayBuffer()).subarray(0, PROBE_BYTES);
      const text = new TextDecoder().decode(bytes);
      return { status: response.status, headers: response.headers, text, message: messageOf(text, response.headers.get("content-type") ?? "") };
    } catch (error) {
      if (run.failed) throw run.failed;
      throw error;
    }
  }

  /** A JSON-RPC request as ChatGPT sends it: 2025-era, no session (`id: null` for a notification). */
  rpc(run: LintRun, method: string, params: Record<string, unknown> = {}, options: { headers?: Record<string, string>; id?: number | null; credentials?: boolean } = {}): Promise<Exchange> {
    const id = options.id === undefined ? 1 : options.id;
    const message = id === null ? { jsonrpc: "2.0", method, params } : { jsonrpc: "2.0", id, method, params };
    return this.probe(run, { body: message, headers: { "mcp-protocol-version": PROTOCOL_2025, ...options.headers }, credentials: options.credentials });
  }
}

export const initializeParams = {
  protocolVersion: PROTOCOL_2025,
  capabilities: { extensions: { "io.modelcontextprotocol/ui": { mimeTypes: ["text/html;profile=mcp-app"] } } },
  clientInfo: { name: "chatgpt-app-doctor", version: "1" },
};

/** A network failure in words: "connect ECONNREFUSED 127.0.0.1:9", "ENOTFOUND (getaddrinfo ENOTFOUND x.example)". */
export function networkCause(error: unknown): string {
  if (error instanceof CliError) return error.message;
  const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; message?: string };
  if (!cause.code) return errorMessage(error);
  if (cause.message?.includes(cause.code)) return cause.message;
  return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
}

/** "403 Invalid Host: …" from an answer, kept short. */
export function answerOf(exchange: Exchange): string {
  const error = exchange.message?.error as { message?: unknown } | undefined;
  const said = typeof error?.message === "string" ? error.message : exchange.text.replace(/\s+/g, " ").trim();
  return `HTTP ${exchange.status}${said ? `: ${said.length > 160 ? `${said.slice(0, 160)}…` : said}` : ""}`;
}
