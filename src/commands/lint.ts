import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import kleur from "kleur";
import type { RuleSetting } from "../config/types.js";
import { CliError, ExitCode, errorMessage } from "../errors.js";
import { ALL_RULES } from "../lint/all-rules.js";
import { parseLimits } from "../lint/limits.js";
import { LintRun } from "../lint/lint-run.js";
import { DEFAULT_TIMEOUT_MS, lint, type LintTarget } from "../lint/lint.js";
import { REPORTERS, REPORT_FORMATS, type ReportFormat } from "../lint/reporters/index.js";
import { plural, summarize } from "../lint/reporters/types.js";
import { parseHeader, type TransportChoice } from "../lint/targets/url.js";
import type { LintEra, Preset } from "../lint/types.js";
import { processIo, type Io } from "../util/io.js";
import { configureColour, createLogger, writerOf, type Logger, type Write } from "../util/log.js";
import { atProjectRoot } from "../config/project-root.js";

export interface LintCommandOptions {
  cwd: string;
  config?: string;
  url?: string;
  header?: string[];
  transport?: TransportChoice;
  command?: string;
  file?: string;
  dump?: string;
  baseline?: string;
  format?: string;
  output?: string;
  maxWarnings?: number;
  preset?: Preset;
  era?: LintEra;
  rule?: Record<string, RuleSetting>;
  timeout?: number;
  /** `--limit name=value`, repeatable. */
  limit?: string[];
  listRules?: boolean;
  /** `--host chatgpt,claude`: judge for these hosts too. */
  host?: string;
}

function targetOf(options: LintCommandOptions): LintTarget {
  const given = (["url", "command", "file"] as const).filter((k) => options[k] !== undefined);
  if (options.file !== undefined && given.length > 1) {
    throw new CliError("usage_invalid", `--file cannot be combined with --${given.filter((k) => k !== "file").join(" or --")}.`, {
      hint: "Lint one target at a time: the project (default), --url, --command or --file.",
    });
  }
  const headers = Object.fromEntries((options.header ?? []).map(parseHeader));
  if (options.file !== undefined) return { kind: "file", file: options.file };
  if (options.command !== undefined) return { kind: "command", command: options.command, url: options.url, headers };
  if (options.url !== undefined) return { kind: "url", url: options.url, headers, transport: options.transport };
  return { kind: "project" };
}

function listRules(json: boolean, writeStdout: Write): number {
  if (json) {
    const rules = ALL_RULES.map((r) => ({ id: r.id, severity: r.severity, submission: r.submission ?? r.severity, description: r.docs.description }));
    writeStdout(`${JSON.stringify(rules, null, 2)}\n`);
    return ExitCode.ok;
  }
  const width = Math.max(...ALL_RULES.map((r) => r.id.length));
  for (const rule of ALL_RULES) {
    const severity = rule.submission && rule.submission !== rule.severity ? `${rule.severity}/${rule.submission}` : rule.severity;
    writeStdout(`${rule.id.padEnd(width)}  ${severity.padEnd(10)}  ${rule.docs.description}\n`);
  }
  return ExitCode.ok;
}

/** `chatgpt-app lint`: collects a target, runs the rules, prints one report, exits 0 / 1 / 2. */
export async function runLint(options: LintCommandOptions, io: Io = processIo()): Promise<number> {
  options = atProjectRoot(options, ["config", "file", "dump", "baseline", "output"]);
  const format = (options.format ?? "pretty") as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) {
    throw new CliError("usage_invalid", `--format must be one of ${REPORT_FORMATS.join(", ")}, got "${options.format}".`);
  }
  if (format !== "pretty" || options.output) configureColour({ machineOutput: true }, io);
  if (options.listRules) return listRules(format === "json", writerOf(io.stdout));
  const log = createLogger(writerOf(io.stderr));
  // One deadline for the whole command, the report included; everything still open ends with it.
  const run = new LintRun({ timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS, limits: parseLimits(options.limit), onWarning: (m) => log.warn(m) });
  try {
    return await lintAndReport(options, format, run, log, io);
  } finally {
    run.close();
  }
}

async function lintAndReport(options: LintCommandOptions, format: ReportFormat, run: LintRun, log: Logger, io: Io): Promise<number> {
  const result = await lint({
    cwd: options.cwd,
    configFile: options.config,
    target: targetOf(options),
    preset: options.preset,
    era: options.era,
    rules: options.rule,
    run,
    dump: options.dump,
    baseline: options.baseline,
    here: io.cwd,
    hosts: options.host?.split(","),
  });
  run.waitingFor = "writing the report";
  const report = REPORTERS[format](result);
  run.check();
  const summary = summarize(result.diagnostics);
  if (options.output) {
    const file = resolve(options.cwd, options.output);
    try {
      writeFileSync(file, report);
    } catch (error) {
      throw new CliError("lint_output_failed", `Cannot write the report to ${options.output}: ${errorMessage(error)}`);
    }
    log.info(`${plural(summary.errors, "error")}, ${plural(summary.warnings, "warning")}: ${format} report written to ${options.output}`);
  } else {
    io.stdout.write(report);
  }
  if (options.dump) log.info(kleur.dim(`Snapshot written to ${options.dump} (lint it again with --file ${options.dump}).`));

  if (summary.errors > 0) return ExitCode.problems;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    log.error(`Too many warnings: ${summary.warnings} (--max-warnings ${options.maxWarnings}).`);
    return ExitCode.problems;
  }
  return ExitCode.ok;
}
