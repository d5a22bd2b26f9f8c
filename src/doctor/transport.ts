import type { LintRun } from "../lint/lint-run.js";
import { answerOf, networkCause, type DoctorContext } from "./context.js";

/** The 2026-07-28 era: stateless, `server/discover` first. */
const PROTOCOL_2026 = "2026-07-28";
/** How long doctor waits for a legacy stream's endpoint event. */
const ENDPOINT_WAIT_MS = 3000;

/**
 * Reads an event stream until `enough(text)` says so or `waitMs` passes, then lets it go.
 * Returns what arrived.
 */
async function readStream(body: ReadableStream<Uint8Array> | null, waitMs: number, enough: (text: string) => boolean): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), waitMs)));
  try {
    while (!enough(text)) {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk === "timeout" || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
      if (text.length > 64 * 1024) break;
    }
  } catch {
    // The stream broke off: what arrived is the answer.
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

/** Opens `GET <url>` with Accept: text/event-stream, as ChatGPT does after a long idle. */
function openStream(ctx: DoctorContext, run: LintRun, url: URL): Promise<Response> {
  return ctx.fetch(url.href, { method: "GET", headers: { accept: "text/event-stream", ...ctx.settings.headers }, signal: run.signal });
}

const isEventStream = (response: Response) => /^\s*text\/event-stream/i.test(response.headers.get("content-type") ?? "");
const hasEndpointEvent = (text: string) => /^event: ?endpoint\r?\n(?:.*\r?\n)*?\r?\n/m.test(text);

/**
 * A POST was refused: does the endpoint (or its sibling /sse) speak only the legacy
 * HTTP+SSE transport? Records `legacy-sse-only` when it does.
 */
export async function detectLegacySse(ctx: DoctorContext): Promise<boolean> {
  const candidates = [ctx.url];
  if (/\/mcp\/?$/.test(ctx.url.pathname)) candidates.push(new URL(ctx.url.pathname.replace(/\/mcp\/?$/, "/sse"), ctx.url));
  for (const url of candidates) {
    try {
      const { value: found, durationMs } = await ctx.step(`GET ${url.pathname} (legacy SSE)`, async (run) => {
        const response = await openStream(ctx, run, url);
        if (!response.ok || !isEventStream(response)) {
          await response.body?.cancel().catch(() => undefined);
          return false;
        }
        return hasEndpointEvent(await readStream(response.body, ENDPOINT_WAIT_MS, hasEndpointEvent));
      });
      if (found) {
        ctx.legacyOnly = true;
        ctx.settings.url = url;
        ctx.report("legacy-sse-only", "warn", { cause: `POST ${candidates[0]!.href} was refused, but GET ${url.href} opens a legacy HTTP+SSE stream: the server speaks only the deprecated transport.`, durationMs });
        return true;
      }
    } catch {
      // Not a legacy endpoint either.
    }
  }
  return false;
}

/** `session-required`: `initialize`, then `notifications/initialized` and `tools/list` with no Mcp-Session-Id. */
async function checkSessionless(ctx: DoctorContext): Promise<void> {
  const handedOut = ctx.initialize?.headers.get("mcp-session-id");
  try {
    const { value: answer, durationMs } = await ctx.step(
      "tools/list",
      async (run) => {
        await ctx.rpc(run, "notifications/initialized", {}, { id: null }).catch(() => undefined);
        return ctx.rpc(run, "tools/list", {}, { id: 2 });
      },
      { request: true },
    );
    const error = answer.message?.error as { code?: unknown } | undefined;
    const listed = answer.status >= 200 && answer.status < 300 && (Array.isArray((answer.message?.result as { tools?: unknown } | undefined)?.tools) || error?.code === -32601);
    if (listed) ctx.report("session-required", "pass", { durationMs });
    else {
      const session = handedOut ? ` initialize handed out Mcp-Session-Id ${handedOut.slice(0, 12)}…, and the server wants it back.` : "";
      ctx.report("session-required", "fail", { cause: `tools/list without Mcp-Session-Id answered ${answerOf(answer)}.${session}`, durationMs });
    }
  } catch (error) {
    ctx.report("session-required", "fail", { cause: `tools/list without Mcp-Session-Id failed: ${networkCause(error)}` });
  }
}

/** `discover-missing`: the 2026-07-28 entry point. */
async function checkDiscover(ctx: DoctorContext): Promise<void> {
  const meta = { "io.modelcontextprotocol/protocolVersion": PROTOCOL_2026, "io.modelcontextprotocol/clientCapabilities": {} };
  try {
    const { value: answer, durationMs } = await ctx.step(
      "server/discover",
      (run) => ctx.rpc(run, "server/discover", { _meta: meta }, { headers: { "mcp-protocol-version": PROTOCOL_2026, "mcp-method": "server/discover" }, id: 3 }),
      { request: true },
    );
    if (answer.status >= 200 && answer.status < 300 && typeof answer.message?.result === "object") ctx.report("discover-missing", "pass", { durationMs });
    else ctx.report("discover-missing", "warn", { cause: `server/discover (MCP ${PROTOCOL_2026}) answered ${answerOf(answer)}.`, durationMs });
  } catch (error) {
    ctx.report("discover-missing", "warn", { cause: `server/discover failed: ${networkCause(error)}` });
  }
}

/** Bytes that keep an idle stream alive: an SSE comment, or any event but the legacy endpoint announcement. */
const keepsAlive = (text: string) => /^:/m.test(text) || /^event: ?(?!endpoint\b)/m.test(text) || /^data:/m.test(text.replace(/^event: ?endpoint\r?\ndata:.*$/m, ""));

/** `get-stream-broken`, `get-stream-405` and, with `--slow`, `sse-no-keepalive`. */
async function checkGetStream(ctx: DoctorContext): Promise<void> {
  const wait = ctx.settings.keepaliveWaitMs;
  // The stream outlives the request's own step: the run covers the idle wait too.
  const run = ctx.run(ctx.settings.timeoutMs + (wait ?? 0));
  const started = performance.now();
  try {
    let response: Response;
    try {
      response = await openStream(ctx, run, ctx.url);
    } catch (error) {
      ctx.timed("GET stream", started, true);
      ctx.report("get-stream-broken", "fail", { cause: `GET ${ctx.url.pathname} failed: ${networkCause(run.failed ?? error)}` });
      return;
    }
    const durationMs = ctx.timed("GET stream", started, true);
    const status = response.status;
    if (status >= 200 && status < 300 && isEventStream(response)) {
      ctx.report("get-stream-broken", "pass", { durationMs });
      ctx.report("get-stream-405", "pass", { durationMs });
      if (wait === undefined) {
        await response.body?.cancel().catch(() => undefined);
        ctx.report("sse-no-keepalive", "skip", { cause: "needs --slow (it waits on an idle stream)." });
        return;
      }
      const idle = performance.now();
      const text = await readStream(response.body, wait, keepsAlive);
      const waited = ctx.timed("idle stream", idle, false);
      if (keepsAlive(text)) ctx.report("sse-no-keepalive", "pass", { durationMs: waited });
      else ctx.report("sse-no-keepalive", "warn", { cause: `The idle GET stream sent nothing for ${wait} ms.`, durationMs: waited });
      return;
    }
    await response.body?.cancel().catch(() => undefined);
    const said = `GET ${ctx.url.pathname} with Accept: text/event-stream answered HTTP ${status}${isEventStream(response) ? "" : ` (${response.headers.get("content-type") || "no content type"})`}`;
    ctx.report("sse-no-keepalive", "skip", { cause: "no event stream to wait on." });
    if (status === 405) {
      ctx.report("get-stream-405", "warn", { cause: `${said}.`, durationMs });
      ctx.report("get-stream-broken", "pass", { durationMs });
    } else if (status === 400 && ctx.has("session-required", "fail")) {
      ctx.report("get-stream-broken", "skip", { cause: `${said}: the server wants a session for it too (see session-required).`, durationMs });
      ctx.report("get-stream-405", "skip", { cause: "see get-stream-broken.", durationMs });
    } else {
      const broken = status === 404 || status >= 500;
      ctx.report("get-stream-broken", broken ? "fail" : "warn", { cause: `${said}; ChatGPT opens this stream after a long idle and retries when it is refused.`, durationMs });
      ctx.report("get-stream-405", "pass", { durationMs });
    }
  } finally {
    run.close();
  }
}

/** The transport checks, once the server answered initialize. */
export async function checkTransport(ctx: DoctorContext): Promise<void> {
  if (!ctx.legacyOnly) ctx.report("legacy-sse-only", "pass");
  if (!ctx.initialize) return;
  await checkSessionless(ctx);
  await checkDiscover(ctx);
  await checkGetStream(ctx);
}
