import { spawn } from "node:child_process";
import { extname } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { CliError } from "../errors.js";
import { packageVersion } from "../version.js";
import { signalGroup, waitForGroupToEnd } from "./reap.js";

export interface ChildServerOptions {
  /** The shell command, `{port}` already filled in. */
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where it answers MCP once it is up. */
  mcpUrl: string;
  /** Each line it prints, as it prints it. */
  onOutput: (line: string) => void;
  /** Called when it exits without being asked to. */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  readyTimeoutMs?: number;
}

export interface ChildServer {
  /** The server's own process id (its process group's too), once it runs. */
  readonly pid: number | undefined;
  /** Resolves once it answers an MCP `initialize` on its URL; rejects if it exits or times out first. */
  ready: Promise<void>;
  /** Ends its whole process tree: SIGTERM to the group, then SIGKILL after 5 s. */
  close(): Promise<void>;
}

/** The readiness probe, sent by dev and lint alike: it names chatgpt-app, not one of its commands. */
const initialize = () =>
  JSON.stringify({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "chatgpt-app", version: packageVersion() } },
  });

/**
 * A simple command is run with `exec`, so the shell gives its place to the server: the
 * process dev starts, reports and waits for is the server itself.
 */
function shellCommand(command: string): string {
  return /[;&|<>()`$\n]/.test(command) || /^\s*\w+=/.test(command) ? command : `exec ${command}`;
}

function splitLines(onLine: (line: string) => void): (chunk: Buffer) => void {
  let rest = "";
  return (chunk) => {
    const text = rest + chunk.toString("utf8");
    const lines = text.split(/\r?\n/);
    rest = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
}

type ChildExit = { code: number | null; signal: NodeJS.Signals | null; error?: string };

const GRACE_MS = 5000;
const WATCHDOG = fileURLToPath(new URL(`./child-watchdog${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** Run from the TypeScript sources (the test suite does), the watchdog needs the same loader as this process. */
function loaderArgs(): string[] {
  if (!WATCHDOG.endsWith(".ts")) return [];
  const args = process.execArgv;
  return args.flatMap((arg, i) => (/^--(import|require|loader|experimental-loader)$/.test(arg) ? [arg, args[i + 1] ?? ""] : /^--(import|require|loader)=/.test(arg) ? [arg] : []));
}

/**
 * Runs `server.command` (a Python or other server) under a watchdog (child-watchdog.ts), in
 * a process group of its own, so that it and everything it starts (uvicorn's workers, a
 * reloader) end together: on close(), and when chatgpt-app dies without running any handler
 * (SIGKILL), since the watchdog ends the group once its stdin pipe from this process closes.
 */
export function spawnChildServer(options: ChildServerOptions): ChildServer {
  const { NODE_OPTIONS: _, ...ownEnv } = process.env;
  const watchdog = spawn(process.execPath, [...loaderArgs(), WATCHDOG], {
    env: ownEnv,
    detached: true,
    stdio: ["pipe", "pipe", "pipe", "pipe"],
  });
  if (watchdog.pid === undefined) {
    throw new CliError("server_command_failed", `Could not start server.command: ${options.command}`, {
      hint: "Check that the program it runs is installed and on PATH.",
    });
  }
  const lifeline = watchdog.stdin!;
  lifeline.on("error", () => undefined);
  lifeline.write(`${JSON.stringify({ command: shellCommand(options.command), cwd: options.cwd, env: options.env, graceMs: GRACE_MS })}\n`);
  watchdog.stdout!.on("data", splitLines(options.onOutput));
  watchdog.stderr!.on("data", splitLines(options.onOutput));

  let pid: number | undefined;
  let closing = false;
  let exited = false;
  let onExit!: (info: ChildExit) => void;
  const exit = new Promise<ChildExit>((resolve) => (onExit = resolve));
  const ended = (info: ChildExit) => {
    if (exited) return;
    exited = true;
    onExit(info);
    if (!closing) options.onUnexpectedExit?.(info.code, info.signal);
  };
  (watchdog.stdio[3] as Readable).on(
    "data",
    splitLines((line) => {
      let message: { pid?: number; exit?: ChildExit };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return;
      }
      if (message.pid !== undefined) pid = message.pid;
      if (message.exit) ended(message.exit);
    }),
  );
  watchdog.on("error", (error) => ended({ code: null, signal: null, error: error.message }));
  const watchdogExit = new Promise<void>((resolve) =>
    watchdog.on("exit", () => {
      // Without its watchdog nothing would end the server with us: end it now.
      if (!closing && pid !== undefined) signalGroup(pid, "SIGKILL");
      ended({ code: null, signal: null });
      resolve();
    }),
  );
  // A forced exit of dev (a second Ctrl-C) still takes the child's tree with it at once.
  const killOnExit = () => {
    if (pid !== undefined) signalGroup(pid, "SIGKILL");
    watchdog.kill("SIGKILL");
  };
  process.on("exit", killOnExit);

  const ready = waitUntilAnswering(options, exit, () => exited);
  ready.catch(() => undefined);

  let closed: Promise<void> | undefined;
  return {
    get pid() {
      return pid;
    },
    ready,
    close() {
      closed ??= (async () => {
        closing = true;
        // The watchdog ends the whole group (SIGTERM, then SIGKILL after the grace period) once its lifeline closes.
        lifeline.end();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), GRACE_MS + 3000)));
        const gone = await Promise.race([watchdogExit.then(() => true), late]);
        clearTimeout(timer);
        if (!gone) killOnExit();
        if (pid !== undefined) await waitForGroupToEnd(pid, 2000);
        process.off("exit", killOnExit);
      })();
      return closed;
    },
  };
}

async function waitUntilAnswering(
  options: ChildServerOptions,
  exit: Promise<ChildExit>,
  hasExited: () => boolean,
): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let last = "no answer yet";
  let exitInfo: ChildExit | undefined;
  void exit.then((info) => (exitInfo = info));
  while (Date.now() < deadline) {
    if (hasExited()) {
      const how = exitInfo?.error
        ? `could not be started (${exitInfo.error})`
        : exitInfo?.signal
          ? `was killed by ${exitInfo.signal}`
          : `exited with code ${exitInfo?.code ?? "?"}`;
      throw new CliError("server_command_exited", `server.command ${how} before answering on ${options.mcpUrl}.`, {
        hint: "Its output is above, prefixed with [server]. Check server.command in chatgpt-app.config and that its dependencies are installed.",
      });
    }
    try {
      const response = await fetch(options.mcpUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: initialize(),
        signal: AbortSignal.timeout(2000),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return;
      last = `it answered ${response.status} ${response.statusText}`;
    } catch (error) {
      last = (error as { cause?: { code?: string } }).cause?.code ?? "no answer yet";
    }
    await Promise.race([new Promise((r) => setTimeout(r, 100)), exit]);
  }
  throw new CliError("server_command_timeout", `server.command did not answer MCP on ${options.mcpUrl} in time (${last}).`, {
    hint: "Check server.url in chatgpt-app.config: it must be where the server answers MCP, with {port} where the port goes.",
  });
}
