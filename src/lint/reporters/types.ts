import type { Diagnostic, LintEra, Preset, Rule } from "../types.js";

/** Everything a reporter formats: reporters are pure functions of this. */
export interface LintResult {
  /** What was linted, e.g. `project .` or `url https://…/mcp (streamable-http)`. */
  target: string;
  preset: Preset;
  /** The clients judged for (`--era`); absent means 2025. */
  era?: LintEra;
  diagnostics: Diagnostic[];
  /** Tools and resources looked at. */
  counts: { tools: number; resources: number };
  /** Every rule that could run, for formats that describe them (SARIF). */
  rules: readonly Rule[];
  /** chatgpt-app's version. */
  version: string;
  /** The hosts `--host` judged for (ids, in order); absent without it. */
  hosts?: string[];
}

/** Per host of `--host`: broken (an error about it), degraded (a warning), or works. */
export function hostVerdicts(result: LintResult): Array<{ host: string; verdict: "works" | "degraded" | "broken"; errors: number; warnings: number }> {
  return (result.hosts ?? []).map((host) => {
    const own = summarize(result.diagnostics.filter((d) => d.host === host));
    return { host, verdict: own.errors ? "broken" : own.warnings ? "degraded" : "works", errors: own.errors, warnings: own.warnings };
  });
}

export type Reporter = (result: LintResult) => string;

export interface Summary {
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): Summary {
  const summary = { errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === "error") summary.errors += 1;
    else if (d.severity === "warn") summary.warnings += 1;
    else summary.infos += 1;
  }
  return summary;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
