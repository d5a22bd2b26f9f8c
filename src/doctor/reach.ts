import { createFetch, inspectTls } from "./http-client.js";
import { answerOf, initializeParams, networkCause, type DoctorContext, type Exchange } from "./context.js";
import { detectLegacySse } from "./transport.js";

const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

/** `http-not-https`: ChatGPT connects over HTTPS only; a loopback URL is a local check of a server deployed elsewhere. */
function checkScheme(ctx: DoctorContext): void {
  if (ctx.url.protocol === "https:") ctx.report("http-not-https", "pass");
  else if (ctx.local) ctx.report("http-not-https", "skip", { cause: "a loopback or private address: ChatGPT will reach the deployed HTTPS URL instead." });
  else ctx.report("http-not-https", "fail", { cause: `${ctx.url.href} is plain HTTP.` });
}

/** `tls-invalid`; a handshake that fails outright is `unreachable`. Returns false when nothing more can be done. */
async function checkTls(ctx: DoctorContext): Promise<boolean> {
  if (ctx.url.protocol !== "https:") {
    ctx.report("tls-invalid", "skip", { cause: "not an HTTPS URL." });
    return true;
  }
  let step;
  try {
    step = await ctx.step("tls", (run) => run.race(inspectTls(ctx.url, ctx.settings.client, run.signal)), { request: true });
  } catch (error) {
    ctx.report("unreachable", "fail", { cause: `The TLS connection to ${ctx.url.host} failed: ${networkCause(error)}` });
    ctx.fatal = true;
    return false;
  }
  const { value: tls, durationMs } = step;
  const who = [tls.subject && `for ${tls.subject}`, tls.issuer && `issued by ${tls.issuer}`].filter(Boolean).join(", ");
  if (!tls.authorized) {
    const expired = tls.error === "CERT_HAS_EXPIRED" && tls.validTo ? ` on ${tls.validTo.toISOString().slice(0, 10)}` : "";
    ctx.report("tls-invalid", "fail", {
      cause: `The certificate${who ? ` (${who})` : ""} is not valid for ${ctx.url.hostname}: ${tls.error ?? "not trusted"}${expired}. ChatGPT will not connect; doctor ran the other checks without verifying it.`,
      fix: tls.error === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" || tls.error === "SELF_SIGNED_CERT_IN_CHAIN" || tls.error === "DEPTH_ZERO_SELF_SIGNED_CERT"
        ? "Serve the whole chain from a public CA (a private CA can be trusted for this check with --ca FILE, but ChatGPT will not trust it)."
        : undefined,
      durationMs,
    });
    ctx.fetch = createFetch({ ...ctx.settings.client, insecure: true });
    return true;
  }
  const daysLeft = tls.validTo ? (tls.validTo.getTime() - Date.now()) / DAY_MS : Infinity;
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    ctx.report("tls-invalid", "warn", { cause: `The certificate${who ? ` (${who})` : ""} expires in ${Math.max(0, Math.floor(daysLeft))} days (${tls.validTo!.toISOString().slice(0, 10)}).`, fix: "Renew the certificate (or make sure automatic renewal works).", durationMs });
  } else ctx.report("tls-invalid", "pass", { durationMs });
  return true;
}

/** Is this the "Invalid Host" refusal of DNS-rebinding protection? */
export function refusesHost(exchange: Exchange): boolean {
  return exchange.status === 421 || (exchange.status === 403 && /host/i.test(exchange.text));
}

/** What the public initialize answered decides which checks can run: records `unreachable`, `host-rejected`, `legacy-sse-only`. */
async function checkInitialize(ctx: DoctorContext): Promise<void> {
  let answer: Exchange;
  let durationMs: number;
  try {
    ({ value: answer, durationMs } = await ctx.step("initialize", (run) => ctx.rpc(run, "initialize", initializeParams), { request: true }));
  } catch (error) {
    ctx.report("unreachable", "fail", { cause: `POST ${ctx.url.href} failed: ${networkCause(error)}` });
    ctx.fatal = true;
    return;
  }
  const ok = answer.status >= 200 && answer.status < 300 && answer.message?.result !== undefined;
  if (ok || answer.status === 401) {
    ctx.report("unreachable", "pass", { durationMs });
    ctx.report("host-rejected", "pass", { durationMs });
    if (ok) ctx.initialize = answer;
    else ctx.challenged = answer;
    return;
  }
  if (refusesHost(answer)) {
    ctx.report("unreachable", "pass", { durationMs });
    ctx.report("host-rejected", "fail", { cause: `initialize with Host: ${ctx.url.host} (the public name, as a proxy or tunnel forwards it) answered ${answerOf(answer)}.`, durationMs });
    return;
  }
  if (answer.status >= 400 && answer.status < 500 && (await detectLegacySse(ctx))) {
    ctx.report("unreachable", "pass", { durationMs });
    ctx.report("host-rejected", "pass", { durationMs });
    return;
  }
  const location = answer.headers.get("location");
  const hint = answer.status === 404
    ? " Nothing answers MCP at this path."
    : answer.status >= 300 && answer.status < 400 && location
      ? ` It redirects to ${new URL(location, ctx.url).href}: give ChatGPT (and doctor) that URL, since a redirected POST is not followed.`
      : "";
  ctx.report("unreachable", "fail", { cause: `POST initialize to ${ctx.url.href} answered ${answerOf(answer)}, not an MCP result.${hint}`, durationMs });
  ctx.fatal = true;
}

/** HTTPS, TLS, and whether the endpoint answers at all. */
export async function checkReach(ctx: DoctorContext): Promise<void> {
  checkScheme(ctx);
  if (await checkTls(ctx)) await checkInitialize(ctx);
}

/** `slow-response`, from every single-request step's time. */
export function checkSlowSteps(ctx: DoctorContext): void {
  const timed = ctx.steps.filter((s) => s.request);
  if (timed.length === 0) {
    ctx.report("slow-response", "skip", { cause: "no request was answered." });
    return;
  }
  const slow = timed.filter((s) => s.durationMs > ctx.settings.slowMs);
  if (slow.length === 0) ctx.report("slow-response", "pass");
  else {
    ctx.report("slow-response", "warn", {
      cause: `${slow.length} of ${timed.length} requests took longer than ${ctx.settings.slowMs} ms (slowest: ${[...slow].sort((a, b) => b.durationMs - a.durationMs)[0]!.name}).`,
      details: slow.map((s) => `${s.name}: ${s.durationMs} ms`),
    });
  }
}
