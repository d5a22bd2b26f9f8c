import { resolve } from "node:path";
import { loadConfig } from "../config/load-config.js";
import { atProjectRoot } from "../config/project-root.js";
import { CliError, ExitCode } from "../errors.js";
import { runDoctor } from "../doctor/doctor.js";
import { parseResolve, readCaFiles } from "../doctor/http-client.js";
import { formatDoctorJson, formatDoctorPretty } from "../doctor/report.js";
import { readListing } from "../doctor/submission.js";
import { LintRun } from "../lint/lint-run.js";
import { startHttpCommand, type StartedCommand } from "../lint/targets/command.js";
import { parseHeader, parseUrl } from "../lint/targets/url.js";
import { processIo, type Io } from "../util/io.js";
import { configureColour, createLogger, writerOf } from "../util/log.js";

export interface DoctorCommandOptions {
  cwd: string;
  config?: string;
  command?: string;
  header?: string[];
  ca?: string[];
  resolve?: string[];
  timeout?: number;
  slowMs?: number;
  slow?: boolean;
  keepaliveWait?: number;
  submission?: boolean;
  listing?: string;
  format?: string;
}

export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
const DEFAULT_SLOW_MS = 500;
const DEFAULT_KEEPALIVE_WAIT_MS = 30_000;
const FORMATS = ["pretty", "json"];

/** The URL to check, and with --command the server started for it (its URL from the argument, or server.url). */
async function target(url: string | undefined, options: DoctorCommandOptions, io: Io): Promise<{ url: URL; server?: StartedCommand }> {
  if (options.command === undefined) {
    if (url === undefined) {
      throw new CliError("usage_invalid", "doctor needs the URL of an MCP endpoint.", { hint: "e.g. chatgpt-app doctor https://my-app.example.com/mcp, or --command to start a local server." });
    }
    return { url: parseUrl(url) };
  }
  const config = await loadConfig(options.cwd, { configFile: options.config });
  const where = url ?? config.server.url ?? "http://127.0.0.1:{port}/mcp";
  const log = createLogger(writerOf(io.stderr));
  const run = new LintRun({ timeoutMs: Math.max(options.timeout ?? DEFAULT_STEP_TIMEOUT_MS, 30_000), onWarning: (m) => log.warn(m) });
  try {
    const headers = Object.fromEntries((options.header ?? []).map(parseHeader));
    const server = await startHttpCommand({ command: options.command, url: where, cwd: config.root, headers, run });
    return { url: server.url, server };
  } finally {
    run.close();
  }
}

/** `chatgpt-app doctor <url>`: runs every check, prints the report, exits 0 / 1 / 2. */
export async function runDoctorCommand(url: string | undefined, options: DoctorCommandOptions, io: Io = processIo()): Promise<number> {
  // --ca and --listing are where the user typed them; the config is found from the project root.
  const here = resolve(options.cwd);
  options = atProjectRoot(options, ["config"]);
  const format = options.format ?? "pretty";
  if (!FORMATS.includes(format)) throw new CliError("usage_invalid", `--format must be one of ${FORMATS.join(", ")}, got "${format}".`);
  if (format !== "pretty") configureColour({ machineOutput: true }, io);
  if (options.listing && !options.submission) {
    throw new CliError("usage_invalid", "--listing is checked with --submission.", { hint: "Add --submission, e.g. chatgpt-app doctor <url> --submission --listing listing.json" });
  }
  // Every flag is read before anything connects: a typo is a usage error, not a failed check.
  const headers = Object.fromEntries((options.header ?? []).map(parseHeader));
  const client = { ca: readCaFiles((options.ca ?? []).map((f) => resolve(here, f)), io.env), resolve: (options.resolve ?? []).map(parseResolve) };
  const listing = options.listing ? { file: options.listing, listing: readListing(resolve(here, options.listing)) } : undefined;
  const { url: endpoint, server } = await target(url, options, io);
  // Ctrl-C stops the started server's whole process group too (on exit), then exits 130.
  const cancel = () => void (server?.close() ?? Promise.resolve()).finally(() => process.exit(ExitCode.cancelled));
  if (server) {
    process.once("SIGINT", cancel);
    process.once("SIGTERM", cancel);
  }
  try {
    const report = await runDoctor({
      url: endpoint,
      headers,
      client,
      timeoutMs: options.timeout ?? DEFAULT_STEP_TIMEOUT_MS,
      slowMs: options.slowMs ?? DEFAULT_SLOW_MS,
      keepaliveWaitMs: options.slow ? (options.keepaliveWait ?? DEFAULT_KEEPALIVE_WAIT_MS) : undefined,
      submission: options.submission ?? false,
      listing,
      cwd: options.cwd,
    });
    io.stdout.write(format === "json" ? formatDoctorJson(report) : formatDoctorPretty(report));
    return report.exitCode === 2 ? ExitCode.error : report.exitCode === 1 ? ExitCode.problems : ExitCode.ok;
  } finally {
    process.off("SIGINT", cancel);
    process.off("SIGTERM", cancel);
    await server?.close();
  }
}
