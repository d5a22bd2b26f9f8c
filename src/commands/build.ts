import { relative, resolve } from "node:path";
import kleur from "kleur";
import { loadConfig } from "../config/load-config.js";
import { writeBuild } from "../host/build-output.js";
import { createLogger, formatDuration, writeStdout } from "../util/log.js";
import { packageVersion } from "../version.js";

export interface BuildOptions {
  cwd: string;
  config?: string;
  outDir?: string;
  json?: boolean;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** `chatgpt-app build`: widgets → dist/widgets/*.html, app → dist/server.js, dist/manifest.json. */
export async function runBuild(options: BuildOptions): Promise<number> {
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
  log.info(kleur.dim("  Serve it with: chatgpt-app start"));
  return 0;
}
