import kleur from "kleur";
import { startDevServer } from "../dev/dev-server.js";
import { DevEvents } from "../dev/events.js";
import { waitForChildrenToExit } from "../process/reap.js";
import { writeHumanEvents, writeJsonEvents } from "../dev/output.js";
import { ExitCode } from "../errors.js";
import { processIo, type Io } from "../util/io.js";
import { configureColour, createLogger, writerOf } from "../util/log.js";
import { onShutdown } from "../util/shutdown.js";
import { atProjectRoot } from "../config/project-root.js";

export interface DevOptions {
  cwd: string;
  config?: string;
  port?: number;
  strictPort?: boolean;
  tunnel?: boolean;
  tunnelDomain?: string;
  json?: boolean;
}

/** `chatgpt-app dev`: serve, watch, rebuild and swap, tunnel; until Ctrl-C or SIGTERM. */
export async function runDev(options: DevOptions, io: Io = processIo()): Promise<number> {
  options = atProjectRoot(options, ["config"]);
  if (options.json) configureColour({ machineOutput: true }, io);
  const log = createLogger(writerOf(io.stderr));
  const writeStdout = writerOf(io.stdout);
  const events = new DevEvents();
  if (options.json) writeJsonEvents(events, writeStdout);
  // Logs stay on stderr in --json mode too (child output, code frames); stdout is NDJSON only.
  // In a terminal the banner already shows the URL; stdout gets it when it goes to a script or a file.
  const sameTerminal = io.stdout.isTTY && io.stderr.isTTY;
  writeHumanEvents(events, log, options.json || sameTerminal ? () => undefined : writeStdout);

  const starting = startDevServer({
    cwd: options.cwd,
    configFile: options.config,
    port: options.port,
    strictPort: options.strictPort,
    tunnel: options.tunnel,
    tunnelDomain: options.tunnelDomain,
    log,
    events,
  });
  // Listening for Ctrl-C from the start: a signal during start-up closes what started.
  const shutdown = onShutdown(async () => {
    log.info(kleur.dim("Shutting down…"));
    await (await starting.catch(() => undefined))?.close();
    // esbuild's service process would end with ours; end it first, so nothing outlives dev.
    await (await import("esbuild")).stop();
    await waitForChildrenToExit();
  });
  await starting;
  const code = await shutdown;
  if (code === ExitCode.ok) {
    // Everything is closed; should a library still hold the event loop, do not hang on it.
    setTimeout(() => process.exit(code), 1000).unref();
  }
  return code;
}
