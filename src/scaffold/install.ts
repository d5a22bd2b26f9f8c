import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface CommandResult {
  ok: boolean;
  /** The last lines the command printed (stdout and stderr together). */
  tail: string;
  /** What to run to try again, as a user would type it. */
  command: string;
}

const TAIL_LINES = 25;

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** Runs one command to completion, keeping only the end of its output for an error report. */
export function runCommand(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  const command = argv.map(quoteArg).join(" ");
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
    });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const tail = () => output.trimEnd().split(/\r?\n/).slice(-TAIL_LINES).join("\n");
    child.on("error", (error) => resolve({ ok: false, tail: `${tail()}\n${error.message}`.trim(), command }));
    child.on("close", (code, signal) => {
      const ok = code === 0;
      resolve({ ok, tail: ok ? "" : `${tail()}${signal ? `\n(stopped by ${signal})` : ""}`.trim(), command });
    });
  });
}

/** The virtual environment's Python, where `python -m venv .venv` puts it on this platform. */
export function venvPython(projectDir: string, platform = process.platform): string {
  return platform === "win32" ? join(projectDir, ".venv", "Scripts", "python.exe") : join(projectDir, ".venv", "bin", "python");
}

/** Creates `.venv` and installs requirements.txt into it: the Python half of a Python template's install. */
export async function installPython(projectDir: string, env: NodeJS.ProcessEnv = process.env): Promise<CommandResult> {
  const python = env.PYTHON ?? (process.platform === "win32" ? "python" : "python3");
  if (!existsSync(venvPython(projectDir))) {
    const venv = await runCommand([python, "-m", "venv", ".venv"], projectDir, env);
    if (!venv.ok) return venv;
  }
  return runCommand([venvPython(projectDir), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"], projectDir, env);
}
