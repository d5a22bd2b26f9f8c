import { hostVerdicts, summarize, type LintResult } from "./types.js";

export const JSON_REPORT_VERSION = 1;

/**
 * `--format json`: stable and documented in docs/lint.md. Keys are only ever added; no
 * timings or timestamps, so the same server gives the same bytes.
 */
export function formatJson(result: LintResult): string {
  const report = {
    reportVersion: JSON_REPORT_VERSION,
    tool: { name: "chatgpt-app", version: result.version },
    target: result.target,
    preset: result.preset,
    era: result.era ?? "2025",
    summary: { ...summarize(result.diagnostics), tools: result.counts.tools, resources: result.counts.resources },
    diagnostics: result.diagnostics.map((d) => ({
      ruleId: d.ruleId,
      severity: d.severity,
      message: d.message,
      subject: d.subject,
      pointer: d.pointer,
      docsUrl: d.docsUrl,
      source: d.source ?? null,
      ...(d.host ? { host: d.host } : {}),
    })),
    ...(result.hosts ? { hosts: hostVerdicts(result) } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
