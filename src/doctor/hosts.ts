import { initializeParams, networkCause, type DoctorContext } from "./context.js";

/** Names no DNS resolves (RFC 6761 .invalid): a server that accepts them accepts any Host. */
const FOREIGN_HOST = "doctor-rebinding-probe.invalid";
const FOREIGN_ORIGIN = "https://doctor-origin-probe.invalid";
/** A browser MCP client's origin (MCP Inspector's default). */
const BROWSER_CLIENT_ORIGIN = "http://localhost:6274";
const PREFLIGHT_HEADERS = ["content-type", "mcp-protocol-version"];

/** `host-check-disabled`: does a foreign Host get an MCP answer with no credentials? */
async function checkForeignHost(ctx: DoctorContext): Promise<void> {
  if (ctx.challenged) {
    ctx.report("host-check-disabled", "pass", { cause: "the server answers only with credentials." });
    return;
  }
  try {
    // No --header: the question is what an attacker without credentials gets.
    const probe = { headers: { host: FOREIGN_HOST }, credentials: false };
    const { value: answer, durationMs } = await ctx.step("foreign Host", (run) => ctx.rpc(run, "initialize", initializeParams, probe), { request: true });
    const accepted = answer.status >= 200 && answer.status < 300 && answer.message?.result !== undefined;
    if (!accepted) ctx.report("host-check-disabled", "pass", { durationMs });
    else {
      const risk = ctx.local
        ? "on a local address, any web page can reach it through DNS rebinding."
        : "any name pointed at this server gets an answer; behind a proxy that is its call, but a server bound to 0.0.0.0 without protection is open to DNS rebinding.";
      ctx.report("host-check-disabled", ctx.local ? "fail" : "warn", { cause: `initialize with Host: ${FOREIGN_HOST} was answered without credentials: ${risk}`, durationMs });
    }
  } catch (error) {
    ctx.report("host-check-disabled", "skip", { cause: `the probe failed: ${networkCause(error)}` });
  }
}

/** `origin-not-checked`: the MCP spec requires a 403 for an Origin the server does not serve. */
async function checkOrigin(ctx: DoctorContext): Promise<void> {
  if (ctx.challenged) {
    ctx.report("origin-not-checked", "skip", { cause: "the server wants credentials (pass them with --header)." });
    return;
  }
  try {
    const { value: answer, durationMs } = await ctx.step("foreign Origin", (run) => ctx.rpc(run, "initialize", initializeParams, { headers: { origin: FOREIGN_ORIGIN } }), { request: true });
    if (answer.status >= 200 && answer.status < 300) {
      ctx.report("origin-not-checked", "warn", { cause: `initialize with Origin: ${FOREIGN_ORIGIN} was answered with HTTP ${answer.status} instead of 403.`, durationMs });
    } else ctx.report("origin-not-checked", "pass", { durationMs });
  } catch (error) {
    ctx.report("origin-not-checked", "skip", { cause: `the probe failed: ${networkCause(error)}` });
  }
}

const listed = (value: string | null, wanted: string) => value !== null && (value.trim() === "*" || value.toLowerCase().split(",").map((v) => v.trim()).includes(wanted));

/** `cors-preflight`: what a browser client (MCP Inspector) sends before its first POST. */
async function checkPreflight(ctx: DoctorContext): Promise<void> {
  const headers = { origin: BROWSER_CLIENT_ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": PREFLIGHT_HEADERS.join(",") };
  try {
    const { value: answer, durationMs } = await ctx.step("CORS preflight", (run) => ctx.probe(run, { method: "OPTIONS", headers }), { request: true });
    const missing: string[] = [];
    if (answer.status < 200 || answer.status >= 300) missing.push(`a 2xx status (got ${answer.status})`);
    const origin = answer.headers.get("access-control-allow-origin");
    if (origin !== "*" && origin !== BROWSER_CLIENT_ORIGIN) missing.push("Access-Control-Allow-Origin");
    const allowHeaders = answer.headers.get("access-control-allow-headers");
    const absent = PREFLIGHT_HEADERS.filter((h) => !listed(allowHeaders, h));
    if (absent.length) missing.push(`Access-Control-Allow-Headers with ${absent.join(", ")}`);
    if (missing.length === 0) ctx.report("cors-preflight", "pass", { durationMs });
    else ctx.report("cors-preflight", "warn", { cause: `OPTIONS from Origin ${BROWSER_CLIENT_ORIGIN} lacks ${missing.join("; ")}: browser clients cannot connect (ChatGPT is not affected).`, durationMs });
  } catch (error) {
    ctx.report("cors-preflight", "warn", { cause: `OPTIONS ${ctx.url.pathname} failed: ${networkCause(error)}` });
  }
}

/** Host, Origin and CORS, once the public Host was accepted. */
export async function checkHosts(ctx: DoctorContext): Promise<void> {
  if (ctx.legacyOnly) {
    // Every POST to a legacy endpoint is refused without a session: a refusal would prove nothing.
    const cause = "the probes are Streamable HTTP requests, and this server speaks only the legacy transport.";
    ctx.report("host-check-disabled", "skip", { cause });
    ctx.report("origin-not-checked", "skip", { cause });
  } else {
    await checkForeignHost(ctx);
    await checkOrigin(ctx);
  }
  await checkPreflight(ctx);
}
