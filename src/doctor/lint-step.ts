import { CliError, errorMessage } from "../errors.js";
import { lint } from "../lint/lint.js";
import { DEFAULT_TIMEOUT_MS } from "../lint/lint.js";
import type { LintResult } from "../lint/reporters/types.js";
import { summarize } from "../lint/reporters/types.js";
import { collectUrl } from "../lint/targets/url.js";
import type { Diagnostic } from "../lint/types.js";
import type { DoctorContext } from "./context.js";

const subjectOf = (d: Diagnostic) => (d.subject.kind === "tool" ? `tool ${d.subject.name}` : d.subject.kind === "resource" ? d.subject.uri : "server");

/** Collects tools, resources and widget templates with lint's own client (the legacy transport for a legacy server). */
export async function collectForLint(ctx: DoctorContext): Promise<void> {
  const timeoutMs = Math.max(ctx.settings.timeoutMs, DEFAULT_TIMEOUT_MS);
  try {
    const { value } = await ctx.step(
      "collect",
      (run) => collectUrl({ url: ctx.url.href, headers: ctx.settings.headers, transport: ctx.legacyOnly ? "sse" : "auto", run }),
      { timeoutMs },
    );
    ctx.snapshot = value.snapshot;
  } catch (error) {
    const hint = error instanceof CliError && error.hint ? error.hint : undefined;
    ctx.report("lint", "fail", { cause: `Listing the tools and widgets failed: ${errorMessage(error)}`, fix: hint });
  }
}

/** The whole lint (the submission preset with --submission) on what doctor collected. */
export async function checkLint(ctx: DoctorContext): Promise<LintResult | undefined> {
  if (!ctx.snapshot) return undefined;
  const preset = ctx.settings.submission ? "submission" : undefined;
  const { value: result, durationMs } = await ctx.step("lint", () => lint({ cwd: ctx.settings.cwd, target: { kind: "snapshot", snapshot: ctx.snapshot! }, preset }));
  const summary = summarize(result.diagnostics);
  const details = result.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.severity} ${d.ruleId} (${subjectOf(d)}): ${d.message}`);
  const counts = `${result.counts.tools} tool(s), ${result.counts.resources} widget(s)`;
  if (summary.errors > 0) ctx.report("lint", "fail", { cause: `${summary.errors} error(s), ${summary.warnings} warning(s) in ${counts} (preset ${result.preset}).`, details, durationMs });
  else if (summary.warnings > 0) ctx.report("lint", "warn", { cause: `${summary.warnings} warning(s) in ${counts} (preset ${result.preset}).`, details, durationMs });
  else ctx.report("lint", "pass", { cause: `${counts}, preset ${result.preset}.`, durationMs });
  return result;
}
