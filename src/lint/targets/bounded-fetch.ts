import { CliError } from "../../errors.js";
import { formatBytes, limitFlag } from "../limits.js";
import type { LintRun } from "../lint-run.js";

/** The `fetch` the SDK's HTTP transports take. */
export type FetchLike = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** What one HTTP exchange looked like, for deciding what a failure means. */
export interface HttpExchange {
  method: string;
  /** The JSON-RPC method a POST carried. */
  rpc: string | undefined;
  status: number;
  contentType: string;
  html: boolean;
}

export interface BoundedFetchOptions {
  run: LintRun;
  url: URL;
  /** Called with every response's status line and type, before its body is read. */
  seen?: (exchange: HttpExchange) => void;
  /** The legacy SSE transport: its one event stream carries every answer, so losing it ends the run. */
  streamCarriesAnswers?: boolean;
}

/** Statuses whose Response cannot carry a body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

function rpcMethodOf(body: unknown): string | undefined {
  if (typeof body !== "string") return undefined;
  try {
    const message = JSON.parse(body) as { method?: unknown };
    return typeof message.method === "string" ? message.method : undefined;
  } catch {
    return undefined;
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message || cause?.code || (error instanceof Error ? error.message : String(error));
}

interface BodyContext extends BoundedFetchOptions {
  /** "its answer to tools/list" or "its event stream". */
  what: string;
  rpc: string | undefined;
  eventStream: boolean;
  encoding: string;
  /** Did we (or the transport) stop it? Then a broken read is not the server's doing. */
  stopped: AbortSignal;
  /**
   * Does losing this body lose an answer? A JSON body, yes; a POST's event stream only in
   * the middle of an event or before any (after one, the SDK resumes it by itself).
   */
  fatalBreak: "always" | "mid-event" | "never";
}

function tooLarge(context: BodyContext, limit: number): CliError {
  const unit = context.eventStream ? `An event on the SSE stream of ${context.url.href}` : `The answer to ${context.rpc ?? "a request"} from ${context.url.href}`;
  const decompressed = context.encoding && context.encoding !== "identity" ? ` once decompressed (${context.encoding})` : "";
  return new CliError("lint_response_too_large", `${unit} is larger than ${formatBytes(limit)}${decompressed}; lint stopped reading it.`, {
    hint: `An answer that large is unusual: check the server. If it is right, raise the limit with ${limitFlag("responseBytes")}<size> (e.g. 64mb).`,
  });
}

function tooMuch(context: BodyContext): CliError {
  return new CliError("lint_response_too_large", `${context.url.href} sent more than ${formatBytes(context.run.limits.totalBytes)} in all; lint stopped reading.`, {
    hint: `If the server really is that large, raise the limit with ${limitFlag("totalBytes")}<size> (e.g. 256mb).`,
  });
}

function brokeOff(context: BodyContext, bytes: number, error: unknown): CliError {
  return new CliError("lint_connection_closed", `${context.url.href} closed the connection in the middle of ${context.what} (after ${bytes} bytes: ${causeOf(error)}).`, {
    hint: "The server or a proxy in front of it dropped the answer: check its logs for a crash, or for a limit on response size or time.",
  });
}

/**
 * The body, passed through while it stays within the limits: at most `responseBytes` per
 * answer (per event on an event stream) after decompression, so a gzip bomb stops at the
 * limit instead of filling memory, and `totalBytes` for the whole run.
 */
function limitBody(body: ReadableStream<Uint8Array>, context: BodyContext): ReadableStream<Uint8Array> {
  const { run } = context;
  const reader = body.getReader();
  let size = 0;
  let atLineStart = false;
  let events = 0;
  let total = 0;
  const lost = () => context.fatalBreak === "always" || (context.fatalBreak === "mid-event" && (size > 0 || events === 0));
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (lost() && !context.stopped.aborted) run.fail(brokeOff(context, total, error));
        controller.error(run.failed ?? error);
        return;
      }
      if (chunk.done) {
        if (context.rpc && run.arrived?.method === context.rpc) run.arrived = undefined;
        controller.close();
        return;
      }
      const bytes = chunk.value;
      total += bytes.byteLength;
      run.received += bytes.byteLength;
      if (context.eventStream) {
        // An event ends at a blank line; only the event being read counts against the limit.
        for (const byte of bytes) {
          if (byte === 10) {
            if (atLineStart && size > 0) {
              events++;
              size = 0;
            }
            atLineStart = true;
          } else if (byte !== 13) {
            atLineStart = false;
            size++;
          }
        }
      } else {
        size += bytes.byteLength;
        if (context.rpc) run.arrived = { method: context.rpc, bytes: size };
      }
      if (size > run.limits.responseBytes) run.fail(tooLarge(context, run.limits.responseBytes));
      else if (run.received > run.limits.totalBytes) run.fail(tooMuch(context));
      if (run.failed) {
        controller.error(run.failed);
        await reader.cancel(run.failed).catch(() => undefined);
        return;
      }
      controller.enqueue(bytes);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/**
 * A `fetch` for the SDK's HTTP transports that holds every request to the run: each one
 * ends with the run (deadline, limit, failure), bodies are read within the limits, and a
 * server that breaks off an answer or answers a POST with a web page ends the run with
 * that cause rather than leaving a request to wait for its timeout.
 */
export function boundedFetch(options: BoundedFetchOptions): FetchLike {
  const { run, url } = options;
  return async (input, init = {}) => {
    const method = (init.method ?? "GET").toUpperCase();
    const rpc = rpcMethodOf(init.body);
    const stopped = AbortSignal.any(init.signal ? [init.signal, run.signal] : [run.signal]);
    const response = await run.fetch(input, { ...init, signal: stopped });
    const contentType = response.headers.get("content-type") ?? "";
    const html = /^\s*(text\/html|application\/xhtml)/i.test(contentType);
    options.seen?.({ method, rpc, status: response.status, contentType, html });
    if (method === "POST" && response.ok && html) {
      await response.body?.cancel().catch(() => undefined);
      run.fail(
        new CliError("lint_not_mcp", `${url.href} answered ${rpc ?? "a request"} with an HTML page (HTTP ${response.status}, ${contentType}), not MCP.`, {
          hint: "Is this the MCP endpoint? A web page or a proxy answered instead; MCP endpoints usually end in /mcp.",
        }),
      );
      throw run.failed;
    }
    if (!response.body || NULL_BODY.has(response.status)) return response;
    const eventStream = /^\s*text\/event-stream/i.test(contentType);
    const body = limitBody(response.body, {
      ...options,
      what: method === "POST" ? `its answer to ${rpc ?? "a request"}` : "its event stream",
      rpc: method === "POST" ? rpc : undefined,
      eventStream,
      encoding: response.headers.get("content-encoding") ?? "",
      stopped,
      fatalBreak: options.streamCarriesAnswers ? "always" : method !== "POST" ? "never" : eventStream ? "mid-event" : "always",
    });
    const bounded = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    Object.defineProperty(bounded, "url", { value: response.url });
    return bounded;
  };
}
