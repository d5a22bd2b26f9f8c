import { relative, resolve } from "node:path";
import kleur from "kleur";
import { loadConfig } from "../config/load-config.js";
import { writeBuild } from "../host/build-output.js";
import { createLogger, formatDuration, writeStdout } from "../util/log.js";
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
function serveCommand(config: ResolvedConfig): string {
  const script = readProjectPackage(config.root)?.scripts?.start;
  if (typeof script === "string" && script.trim() !== "") {
    const run = runScriptCommand(detectPackageManager(), "start");
    return /^chatgpt-app start(\s|$)/.test(script.trim()) ? run : `${run} (runs ${script.trim()})`;
  }
  if (config.server.command) return `${config.server.command.replaceAll("{port}", String(config.port))} (server.command)`;
  return "chatgpt-app start";
}

/** `chatgpt-app build`: widgets → dist/widgets/*.html, app → dist/server.js, dist/manifest.json. */
export async function runBuild(options: BuildOptions): Promise<number> {
  options = atProjectRoot(options, ["config", "outDir"]);
  const started = performance.now();
  const log = createLogger();
  const config = await loadConfig(resolve(options.cwd), { configFile: options.config });
  if (options.outDir) config.outDir = resolve(config.root, options.outDir);

  const report = await writeBuild(config, `chatgpt-app@${packageVersion()}`);
  const ms = performance.now() - started;
  if (options.json) {
    writeStdout(`${JSON.stringify({ ok: true, durationMs: Math.round(ms), outDir: report.outDir, files: report.files, manifest: report.manifest }, null, 2)}\n`);
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
  log.info(kleur.dim(`  Serve it with: ${serveCommand(config)}`));
  return 0;
}
