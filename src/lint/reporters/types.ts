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
