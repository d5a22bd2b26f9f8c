import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface CommandResult {
  ok: boolean;
  /** Stopped by Ctrl-C (the abort signal), not by a problem of its own. */
  cancelled?: boolean;
  /** The last lines the command printed (stdout and stderr together). */
  tail: string;
  /** What to run to try again, as a user would type it. */
  command: string;
}

const TAIL_LINES = 25;
/** How long an interrupted installer may take to stop before its group is killed. */
const STOP_GRACE_MS = 3000;

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(process.platform === "win32" ? pid : -pid, signal);
  } catch {
    // ESRCH: the group has already ended.
  }
}

/**
 * Runs one command to completion, keeping only the end of its output for an error report.
 * It runs in its own process group, so that an abort (Ctrl-C to init) stops the command and
 * everything it started (npm's scripts, pip's builds) together.
 */
export function runCommand(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<CommandResult> {
  const command = argv.map(quoteArg).join(" ");
  if (signal?.aborted) return Promise.resolve({ ok: false, cancelled: true, tail: "", command });
  return new Promise((resolve) => {
    let output = "";
    const keep = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      // Keep memory flat on chatty installers: only the end is ever shown.
      if (output.length > 64_000) output = output.slice(-32_000);
    };
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
      detached: process.platform !== "win32",
    });
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (child.pid === undefined) return;
      signalGroup(child.pid, "SIGINT");
      killTimer = setTimeout(() => signalGroup(child.pid!, "SIGKILL"), STOP_GRACE_MS);
    };
    // Should init end some other way, the installer does not run on without it.
    const killOnExit = () => child.pid !== undefined && signalGroup(child.pid, "SIGKILL");
    signal?.addEventListener("abort", stop, { once: true });
    process.on("exit", killOnExit);
    const finish = (result: Omit<CommandResult, "command" | "cancelled">) => {
      signal?.removeEventListener("abort", stop);
      process.off("exit", killOnExit);
      clearTimeout(killTimer);
      // Whatever it left running in its group (a postinstall's server, a build) ends with it.
      if (signal?.aborted && child.pid !== undefined) signalGroup(child.pid, "SIGKILL");
      resolve({ ...result, ok: result.ok && !signal?.aborted, cancelled: signal?.aborted, command });
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const tail = () => output.trimEnd().split(/\r?\n/).slice(-TAIL_LINES).join("\n");
    child.on("error", (error) => finish({ ok: false, tail: `${tail()}\n${error.message}`.trim() }));
    child.on("close", (code, exitSignal) => {
      const ok = code === 0;
      finish({ ok, tail: ok ? "" : `${tail()}${exitSignal ? `\n(stopped by ${exitSignal})` : ""}`.trim() });
    });
  });
}

/** The virtual environment's Python, where `python -m venv .venv` puts it on this platform. */
export function venvPython(projectDir: string, platform = process.platform): string {
  return platform === "win32" ? join(projectDir, ".venv", "Scripts", "python.exe") : join(projectDir, ".venv", "bin", "python");
}

/** Creates `.venv` and installs requirements.txt into it: the Python half of a Python template's install. */
export async function installPython(projectDir: string, env: NodeJS.ProcessEnv = process.env, signal?: AbortSignal): Promise<CommandResult> {
  const python = env.PYTHON ?? (process.platform === "win32" ? "python" : "python3");
  if (!existsSync(venvPython(projectDir))) {
    const venv = await runCommand([python, "-m", "venv", ".venv"], projectDir, env, signal);
    if (!venv.ok) return venv;
  }
  return runCommand([venvPython(projectDir), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"], projectDir, env, signal);
}
