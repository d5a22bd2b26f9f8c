import { relative, resolve } from "node:path";
import kleur from "kleur";
import { loadConfig } from "../config/load-config.js";
import { CliError, ExitCode, isCliError } from "../errors.js";
import { writeBuild } from "../host/build-output.js";
import { plural } from "../lint/reporters/types.js";
import type { Diagnostic } from "../lint/types.js";
import { processIo, type Io } from "../util/io.js";
import { createLogger, formatDuration, writerOf } from "../util/log.js";
import { packageVersion } from "../version.js";
import { atProjectRoot, readProjectPackage } from "../config/project-root.js";
import type { ResolvedConfig } from "../config/types.js";
import { detectPackageManager, runScriptCommand } from "../scaffold/package-manager.js";

export interface BuildOptions {
  cwd: string;
  config?: string;
  outDir?: string;
  json?: boolean;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * How this project serves its build: its own `start` script (a Python project's server, say),
 * else the server.command of its config, else `chatgpt-app start`, which serves dist/.
 */
function serveCommand(config: ResolvedConfig, env: NodeJS.ProcessEnv): string {
  const script = readProjectPackage(config.root)?.scripts?.start;
  if (typeof script === "string" && script.trim() !== "") {
    const run = runScriptCommand(detectPackageManager(env), "start");
    return /^chatgpt-app start(\s|$)/.test(script.trim()) ? run : `${run} (runs ${script.trim()})`;
  }
  if (config.server.command) return `${config.server.command.replaceAll("{port}", String(config.port))} (server.command)`;
  return "chatgpt-app start";
}

/**
 * Build refused the app's tools. Say what lint says of the same source, so the two agree:
 * every problem, each at its file:line (build checks the bundled server, which has no lines).
 */
async function explainInvalidApp(options: BuildOptions, refused: CliError, io: Io): Promise<CliError> {
  const { lint } = await import("../lint/lint.js");
  let errors: Diagnostic[];
  try {
    const result = await lint({ cwd: options.cwd, configFile: options.config, target: { kind: "project" }, here: io.cwd });
    errors = result.diagnostics.filter((d) => d.severity === "error");
  } catch (error) {
    return isCliError(error) && error.code === "app_definition_invalid" ? error : refused;
  }
  if (errors.length === 0) return refused;
  const lines = errors.map((d) => `${d.source ? `${d.source.file}:${d.source.line}:${d.source.column}: ` : ""}${d.message} (${d.ruleId})`);
  return new CliError("app_definition_invalid", `${refused.message}\n${plural(errors.length, "problem")} in the source:\n  ${lines.join("\n  ")}`, {
    exitCode: ExitCode.problems,
    location: lines[0] && errors[0]!.source ? `${errors[0]!.source.file}:${errors[0]!.source.line}:${errors[0]!.source.column}` : undefined,
    hint: refused.hint,
  });
}

/** `chatgpt-app build`: widgets → dist/widgets/*.html, app → dist/server.js, dist/manifest.json. */
export async function runBuild(options: BuildOptions, io: Io = processIo()): Promise<number> {
  options = atProjectRoot(options, ["config", "outDir"]);
  const started = performance.now();
  const log = createLogger(writerOf(io.stderr));
  const config = await loadConfig(resolve(options.cwd), { configFile: options.config });
  if (options.outDir) config.outDir = resolve(config.root, options.outDir);

  const report = await writeBuild(config, `chatgpt-app@${packageVersion()}`).catch(async (error: unknown) => {
    throw isCliError(error) && error.code === "app_definition_invalid" ? await explainInvalidApp(options, error, io) : error;
  });
  const ms = performance.now() - started;
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ok: true, durationMs: Math.round(ms), outDir: report.outDir, files: report.files, manifest: report.manifest }, null, 2)}\n`);
    return 0;
  }
  const { manifest } = report;
  for (const file of report.files) {
    log.info(`  ${kleur.dim(relative(config.root, file.path))}  ${kleur.cyan(formatBytes(file.bytes))}`);
  }
  const tools = manifest.tools.length;
  const widgets = manifest.widgets.length;
  log.success(
    `Built ${manifest.app.name}: ${tools} tool${tools === 1 ? "" : "s"}, ${widgets} widget${widgets === 1 ? "" : "s"} ` +
      `→ ${relative(config.root, report.outDir) || "."}/ in ${formatDuration(ms)}`,
  );
  log.info(kleur.dim(`  Serve it with: ${serveCommand(config, io.env)}`));
  return 0;
}
