import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { CliError } from "../errors.js";

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
  pid: number;
  /** Resolves once it answers an MCP `initialize` on its URL; rejects if it exits or times out first. */
  ready: Promise<void>;
  /** Ends its whole process tree: SIGTERM to the group, then SIGKILL. */
  close(): Promise<void>;
}

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 0,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "chatgpt-app-dev", version: "1.0.0" } },
});

/** True while a process of group `pgid` is still running (zombies, which hold nothing, aside). */
function groupRunning(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    // No /proc: ask the kernel about the group as a whole.
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
    } catch {
      // It ended while we looked.
    }
  }
  return false;
}

async function waitForGroupToEnd(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupRunning(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

/**
 * A simple command is run with `exec`, so the shell gives its place to the server: the
 * process dev starts, reports and waits for is the server itself.
 */
function shellCommand(command: string): string {
  return /[;&|<>()`$\n]/.test(command) || /^\s*\w+=/.test(command) ? command : `exec ${command}`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
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

/**
 * Runs `server.command` (a Python or other server) in its own process group, so that it
 * and everything it starts (uvicorn's workers, a reloader) end together.
 */
export function spawnChildServer(options: ChildServerOptions): ChildServer {
  const child = spawn(shellCommand(options.command), {
    cwd: options.cwd,
    env: options.env,
    shell: true,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) {
    throw new CliError("server_command_failed", `Could not start server.command: ${options.command}`, {
      hint: "Check that the program it runs is installed and on PATH.",
    });
  }
  child.stdout.on("data", splitLines(options.onOutput));
  child.stderr.on("data", splitLines(options.onOutput));

  let closing = false;
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      exited = true;
      resolve({ code, signal });
      if (!closing) options.onUnexpectedExit?.(code, signal);
    });
  });
  // A forced exit of dev (a second Ctrl-C) still takes the child's tree with it.
  const killOnExit = () => signalGroup(pid, "SIGKILL");
  process.on("exit", killOnExit);

  const ready = waitUntilAnswering(options, exit, () => exited);
  ready.catch(() => undefined);

  let closed: Promise<void> | undefined;
  return {
    pid,
    ready,
    close() {
      closed ??= (async () => {
        closing = true;
        // The whole group: what the server started (workers, a reloader) may outlive it.
        signalGroup(pid, "SIGTERM");
        if (!(await waitForGroupToEnd(pid, 5000))) signalGroup(pid, "SIGKILL");
        if (!exited) await exit;
        await waitForGroupToEnd(pid, 2000);
        process.off("exit", killOnExit);
      })();
      return closed;
    },
  };
}

async function waitUntilAnswering(
  options: ChildServerOptions,
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  hasExited: () => boolean,
): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let last = "no answer yet";
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void exit.then((info) => (exitInfo = info));
  while (Date.now() < deadline) {
    if (hasExited()) {
      const how = exitInfo?.signal ? `was killed by ${exitInfo.signal}` : `exited with code ${exitInfo?.code ?? "?"}`;
      throw new CliError("server_command_exited", `server.command ${how} before answering on ${options.mcpUrl}.`, {
        hint: "Its output is above, prefixed with [server]. Check server.command in chatgpt-app.config and that its dependencies are installed.",
      });
    }
    try {
      const response = await fetch(options.mcpUrl, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: INITIALIZE,
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
