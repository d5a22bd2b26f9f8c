import { relative, resolve } from "node:path";
import kleur from "kleur";
import { loadConfig } from "../config/load-config.js";
import { atProjectRoot } from "../config/project-root.js";
import { CliError, ExitCode } from "../errors.js";
import { envFor, hostById, takeScreenshots, type ScreenshotReport } from "../screenshot/screenshot.js";
import { processIo, type Io } from "../util/io.js";
import { configureColour, createLogger, writerOf } from "../util/log.js";

export interface ScreenshotCommandOptions {
  cwd: string;
  config?: string;
  out?: string;
  tool?: string;
  args?: string;
  host?: string;
  theme?: string;
  device?: string;
  url?: string;
  format?: string;
  timeout?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const FORMATS = ["pretty", "json"];

function parseArgs(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError("usage_invalid", `--args is not JSON: ${(error as Error).message}`, { hint: `e.g. --args '{"count": 3}'` });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new CliError("usage_invalid", "--args must be a JSON object: the tool's arguments.", { hint: `e.g. --args '{"count": 3}'` });
  }
  return value as Record<string, unknown>;
}

function printPretty(report: ScreenshotReport, cwd: string, log: ReturnType<typeof createLogger>, io: Io): void {
  for (const shot of report.screenshots) {
    const file = shot.file ? relative(cwd, shot.file) || shot.file : "";
    if (file) io.stdout.write(`${file}\n`);
    if (shot.problems.length === 0) log.success(`${shot.widget} (through ${shot.tool}) ${kleur.dim(file)}`);
    else log.error(`${shot.widget} (through ${shot.tool}):\n  ${shot.problems.join("\n  ")}`);
  }
}

/** `chatgpt-app screenshot`: one PNG per widget, rendered headlessly through the preview; exits 0 / 1 / 2. */
export async function runScreenshot(options: ScreenshotCommandOptions, io: Io = processIo()): Promise<number> {
  const here = resolve(options.cwd);
  options = atProjectRoot(options, ["config"]);
  const format = options.format ?? "pretty";
  if (!FORMATS.includes(format)) throw new CliError("usage_invalid", `--format must be one of ${FORMATS.join(", ")}, got "${format}".`);
  if (format === "json") configureColour({ machineOutput: true }, io);
  if (!options.out) throw new CliError("usage_invalid", "screenshot needs --out <dir>: the folder the PNGs are written to.", { hint: "e.g. chatgpt-app screenshot --out screenshots" });
  const host = hostById(options.host);
  const { theme, device } = envFor(host, options.theme, options.device);
  const args = parseArgs(options.args);
  const log = createLogger(writerOf(io.stderr));
  const config = await loadConfig(options.cwd, { configFile: options.config });
  const report = await takeScreenshots({
    config,
    out: resolve(here, options.out),
    host,
    theme,
    device,
    tool: options.tool,
    args,
    url: options.url,
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    log: (line) => log.info(line),
    env: io.env,
  });
  if (format === "json") io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printPretty(report, here, log, io);
  const failed = report.screenshots.filter((s) => s.problems.length > 0).length;
  if (failed > 0) {
    log.error(`${failed} of ${report.screenshots.length} widget${report.screenshots.length === 1 ? "" : "s"} failed.`);
    return ExitCode.problems;
  }
  return ExitCode.ok;
}
