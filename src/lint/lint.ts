import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import type { ResolvedConfig, RuleSetting } from "../config/types.js";
import { hasAppModule, missingEntryError } from "../host/project.js";
import { packageVersion } from "../version.js";
import { ALL_RULES } from "./all-rules.js";
import { buildModel } from "./model.js";
import type { LintResult } from "./reporters/types.js";
import type { CollectLimits } from "./limits.js";
import { LintRun } from "./lint-run.js";
import { htmlHash } from "./rule-helpers.js";
import { runRules } from "./run-rules.js";
import { resolveSeverities } from "./settings.js";
import { collectCommand } from "./targets/command.js";
import { collectFile, writeSnapshot } from "./targets/file.js";
import { allLocations, collectProject } from "./targets/project.js";
import { parseHosts, serverUrlFor } from "./hosts.js";
import type { CollectedTarget } from "./targets/target.js";
import { collectUrl, type TransportChoice } from "./targets/url.js";
import type { LintEra, LintSnapshot, Preset } from "./types.js";

export type LintTarget =
  | { kind: "project" }
  | { kind: "url"; url: string; headers?: Record<string, string>; transport?: TransportChoice }
  | { kind: "command"; command: string; url?: string; headers?: Record<string, string> }
  | { kind: "file"; file: string }
  /** What another command (doctor) already collected. */
  | { kind: "snapshot"; snapshot: LintSnapshot };

export interface LintOptions {
  /** The project folder: its config (lint settings, server.command/url) and, for the project target, its app. */
  cwd: string;
  configFile?: string;
  target: LintTarget;
  /** Default: `lint.preset` from the config, else `recommended`. */
  preset?: Preset;
  /** `--rule` settings; they win over `lint.rules` in the config. */
  rules?: Record<string, RuleSetting>;
  /** The whole lint (start, connect, every page and read, the rules) within this many milliseconds (default 30 s). */
  timeoutMs?: number;
  /** How much to read from a server at most (default: DEFAULT_LIMITS). */
  limits?: CollectLimits;
  /**
   * The run this lint belongs to, when the caller bounds more than the lint (the CLI's
   * report too): its deadline and limits win over `timeoutMs` and `limits`.
   */
  run?: LintRun;
  /** Which clients to judge for (`--era`): `2025` (ChatGPT today, the default) or `2026`. */
  era?: LintEra;
  /** Also write what was collected to this file (`--dump`). */
  dump?: string;
  /** A snapshot of what was published (`--dump` then), to find widgets changed at the same URI. */
  baseline?: string;
  /** Where the user is, to name the project target from there (default: the process's working folder). */
  here?: string;
  /** `--host` ids: judge the snapshot for these hosts too (the per-host rules), e.g. `["chatgpt", "claude"]`. */
  hosts?: readonly string[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** The project target, or the project's own server command when it has no TypeScript app (a Python backend). */
function projectTarget(config: ResolvedConfig, run: LintRun, here?: string): Promise<CollectedTarget> {
  if (hasAppModule(config)) return collectProject(config, { run, here });
  if (config.server.command) return collectCommand({ command: config.server.command, url: config.server.url, cwd: config.root, run });
  throw missingEntryError(config);
}

function collect(target: LintTarget, config: ResolvedConfig, run: LintRun, here?: string): Promise<CollectedTarget> {
  switch (target.kind) {
    case "project":
      return projectTarget(config, run, here);
    case "url":
      return collectUrl({ url: target.url, headers: target.headers, transport: target.transport, run });
    case "command":
      return collectCommand({ command: target.command, url: target.url ?? config.server.url, headers: target.headers, cwd: config.root, run });
    case "file":
      return Promise.resolve(collectFile(resolve(config.root, target.file)));
    case "snapshot":
      return Promise.resolve({ snapshot: target.snapshot });
  }
}

/** The HTML hash of every widget in a saved snapshot, by URI. */
function baselineOf(file: string): NonNullable<LintSnapshot["baseline"]> {
  const model = buildModel(collectFile(file).snapshot);
  return Object.fromEntries(model.resources.filter((r) => r.html !== undefined).map((r) => [r.uri, htmlHash(r.html!)]));
}

/**
 * Lints one target: collects its snapshot (and dumps it if asked), runs every rule at
 * its effective severity, and points each diagnostic at code when the target knows where.
 */
export async function lint(options: LintOptions): Promise<LintResult> {
  const run = options.run ?? new LintRun({ timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, limits: options.limits });
  try {
    return await lintWithin(run, options);
  } finally {
    // Whatever is still open (an event stream, a keep-alive request) ends with the lint.
    if (!options.run) run.close();
  }
}

async function lintWithin(run: LintRun, options: LintOptions): Promise<LintResult> {
  const config = await loadConfig(resolve(options.cwd), { configFile: options.configFile });
  const preset = options.preset ?? config.lint.preset;
  const severities = resolveSeverities(ALL_RULES, { preset, configRules: config.lint.rules, cliRules: options.rules });
  const hosts = options.hosts ? parseHosts(options.hosts) : [];
  const baseline = options.baseline ? baselineOf(resolve(config.root, options.baseline)) : undefined;
  const collected = await collect(options.target, config, run, options.here);
  run.check();
  const { snapshot, locate } = collected;
  if (options.dump) {
    writeSnapshot(resolve(config.root, options.dump), locate ? { ...snapshot, locations: allLocations(snapshot, locate) } : snapshot);
  }
  run.waitingFor = "running the rules";
  const model = buildModel(baseline ? { ...snapshot, baseline } : snapshot, { era: options.era });
  const targetUrl = options.target.kind === "url" ? options.target.url : undefined;
  const diagnostics = runRules(model, ALL_RULES, severities, { hosts, serverUrl: serverUrlFor(targetUrl) });
  run.check();
  if (locate) {
    for (const d of diagnostics) {
      const source = d.source ?? locate(d.subject, d.pointer);
      if (source) d.source = source;
    }
  }
  return {
    target: snapshot.target,
    preset,
    era: model.era,
    diagnostics,
    counts: { tools: model.tools.length + model.malformedTools.length, resources: model.resources.filter((r) => r.isUi).length },
    rules: ALL_RULES,
    version: packageVersion(),
    ...(options.hosts ? { hosts: hosts.map((h) => h.id) } : {}),
  };
}
