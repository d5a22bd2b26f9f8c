import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { reportError } from "../../src/cli.js";
import { runInit, type InitContext, type InitOptions } from "../../src/commands/init.js";

export interface InitRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += chunk;
      callback();
    },
  });
  return { stream, text: () => text };
}

/** Runs `init` in process, through the same error funnel as the CLI, and captures its output. */
export async function runInitInProcess(dir: string | undefined, options: InitOptions, context: Partial<InitContext> & { cwd: string }): Promise<InitRun> {
  const out = sink();
  const err = sink();
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  let code: number;
  try {
    code = await runInit(dir, options, { env: { PATH: process.env.PATH }, stdin, stdout: out.stream, stderr: err.stream, ...context });
  } catch (error) {
    code = reportError(error, { stdout: (t) => out.stream.write(t), stderr: (t) => err.stream.write(t) });
  }
  return { code, stdout: out.text(), stderr: err.text() };
}

export function tempDir(prefix = "chatgpt-app-init-"): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `dir`, relative and `/`-separated, sorted; node_modules and the like left out. */
export function listFiles(dir: string, skip = ["node_modules", ".git", ".venv", "dist", "__pycache__", ".pytest_cache"]): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      if (skip.includes(entry)) continue;
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return out.sort();
}

/** A folder with a fake package manager on PATH that prints a lot and then fails (like a broken install) or succeeds. */
export function fakePackageManager(name = "npm", exitCode = 1): { binDir: string; remove(): void } {
  const { dir, remove } = tempDir("chatgpt-app-fake-pm-");
  const binDir = join(dir, "bin");
  mkdirSync(binDir);
  const script = join(binDir, name);
  writeFileSync(
    script,
    `#!/bin/sh\nfor i in $(seq 1 60); do echo "resolving package $i"; done\necho "npm error code E404" >&2\necho "npm error 404 Not Found - GET https://registry.example/left-pad-nope" >&2\nexit ${exitCode}\n`,
  );
  chmodSync(script, 0o755);
  return { binDir, remove };
}
