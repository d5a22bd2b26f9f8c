import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { Io } from "../../src/util/io.js";
import { BIN, REPO_ROOT } from "./project.js";

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  input?: string;
}

const baseEnv = () => ({ ...process.env, NO_COLOR: "1", CI: "1", FORCE_COLOR: "0" });

/** A stream that keeps what is written to it. */
function capture(): { stream: Writable; text(): string } {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/**
 * Runs the built CLI (dist/, what the bin shim loads) in this process, against its own stdin,
 * stdout, stderr, environment and folder, and captures its output. Runs do not share any of
 * these, so several may run at once. Signals, a terminal and the bin shim itself need
 * `runBin` / `spawnCli`.
 */
export async function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const cli = (await import(pathToFileURL(join(REPO_ROOT, "dist", "cli.js")).href)) as typeof import("../../src/cli.js");
  const stdout = capture();
  const stderr = capture();
  const io: Io = {
    stdin: Readable.from([options.input ?? ""]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: { ...baseEnv(), ...options.env },
    cwd: options.cwd ?? process.cwd(),
  };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`chatgpt-app ${args.join(" ")} timed out\nstdout: ${stdout.text()}\nstderr: ${stderr.text()}`)),
      options.timeoutMs ?? 60_000,
    );
  });
  try {
    const code = await Promise.race([cli.main([process.execPath, BIN, ...args], io), timedOut]);
    // A write's callback may still be queued.
    await new Promise((resolve) => setImmediate(resolve));
    return { code, stdout: stdout.text(), stderr: stderr.text() };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs the built bin in its own process to completion (with a timeout) and captures its output. */
export function runBin(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...baseEnv(), ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.stdin.end(options.input ?? "");
    const timer = setTimeout(() => {
      killTree(child);
      reject(new Error(`chatgpt-app ${args.join(" ")} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line that matches. */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the CLI in its own process group, for long-running commands (start, dev). */
export function spawnCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const waitFor = (get: () => string, stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = get().match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${pattern}\nstdout: ${out}\nstderr: ${err}`));
      }, timeoutMs);
      const onExit = () => {
        cleanup();
        reject(new Error(`Process exited while waiting for ${pattern}\nstdout: ${out}\nstderr: ${err}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        stream.off("data", check);
        child.off("close", onExit);
      };
      stream.on("data", check);
      child.on("close", onExit);
      check();
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStdout: (p, t) => waitFor(() => out, child.stdout!, p, t),
    waitForStderr: (p, t) => waitFor(() => err, child.stderr!, p, t),
    exited,
    kill: (signal = "SIGTERM") => killTree(child, signal),
  };
}

/** Signals the child's whole process group. */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}
