import { errorMessage } from "../errors.js";
import { packageVersion } from "../version.js";
import { checkAuth } from "./auth.js";
import { CHECKS, type CheckStatus } from "./catalog.js";
import { DoctorContext, type CheckResult, type DoctorSettings } from "./context.js";
import { checkHosts } from "./hosts.js";
import { checkLint, collectForLint } from "./lint-step.js";
import { checkReach, checkSlowSteps } from "./reach.js";
import { checkSubmission } from "./submission.js";
import { checkTransport } from "./transport.js";
import { checkWidgets } from "./widgets.js";

export const REPORT_FORMAT = "chatgpt-app-doctor";
export const REPORT_VERSION = 1;

/** What `--format json` prints (documented in docs/doctor.md; stable). */
export interface DoctorReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  chatgptAppVersion: string;
  url: string;
  /** 0 nothing failed, 1 a check failed, 2 doctor could not run (unreachable). */
  exitCode: 0 | 1 | 2;
  summary: Record<CheckStatus, number>;
  /** Every check of the catalog, in its order, each with a status. */
  checks: CheckResult[];
  /** Each step's time, in the order they ran. */
  steps: Array<{ name: string; durationMs: number }>;
  durationMs: number;
}

/** Why a check that never ran was skipped. */
function skipReason(ctx: DoctorContext, check: (typeof CHECKS)[number]): string {
  if (ctx.fatal) return "the server could not be reached (see unreachable).";
  if (ctx.has("host-rejected", "fail")) return "the server refused the public Host (see host-rejected).";
  if (check.group === "submission") return "needs --submission.";
  if (check.group === "auth") return "the server does not use OAuth (no 401, no oauth2 scheme, no metadata).";
  if (ctx.challenged) {
    const given = Object.keys(ctx.settings.headers).some((h) => h.toLowerCase() === "authorization");
    return given ? "the server refused the credentials given with --header (HTTP 401)." : 'the server wants credentials: pass them with --header "Authorization: Bearer <token>".';
  }
  if (check.group === "widgets" && !ctx.snapshot) return "nothing was collected (see lint).";
  return "not applicable to this server.";
}

/**
 * Checks a deployed MCP endpoint the way ChatGPT reaches it: TLS, transport, Host and
 * Origin handling, widgets' assets, OAuth metadata, then lint on what it fetched.
 */
export async function runDoctor(settings: DoctorSettings): Promise<DoctorReport> {
  const ctx = new DoctorContext(settings);
  const started = performance.now();
  await checkReach(ctx);
  if (!ctx.fatal && !ctx.has("host-rejected", "fail")) {
    await checkTransport(ctx);
    await checkHosts(ctx);
    if (!ctx.challenged) await collectForLint(ctx);
    if (ctx.snapshot) await checkWidgets(ctx);
    await checkAuth(ctx);
    await checkLint(ctx).catch((error: unknown) => ctx.report("lint", "fail", { cause: `lint could not run: ${errorMessage(error)}` }));
  }
  if (settings.submission && !ctx.fatal) await checkSubmission(ctx);
  if (!ctx.fatal) checkSlowSteps(ctx);

  const checks = CHECKS.map((check) => ctx.results.find((r) => r.id === check.id) ?? { id: check.id, group: check.group, status: "skip" as const, title: check.title, cause: skipReason(ctx, check), durationMs: 0 });
  const summary: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const check of checks) summary[check.status]++;
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    chatgptAppVersion: packageVersion(),
    url: settings.url.href,
    exitCode: ctx.fatal ? 2 : summary.fail > 0 ? 1 : 0,
    summary,
    checks,
    steps: ctx.steps.map(({ name, durationMs }) => ({ name, durationMs })),
    durationMs: Math.round(performance.now() - started),
  };
}
