// Projects and a dev process for the bench files: the react template as `init` writes it, linked to
// this repo's build, and `chatgpt-app dev --json` with its NDJSON events.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const LINKED = ["@modelcontextprotocol", "zod", "react", "react-dom", "scheduler"];

export function linkModules(root, dir) {
  mkdirSync(join(dir, "node_modules"), { recursive: true });
  symlinkSync(root, join(dir, "node_modules", "chatgpt-app"));
  for (const name of LINKED) {
    try {
      symlinkSync(join(root, "node_modules", name), join(dir, "node_modules", name));
    } catch {
      // Not installed here (scheduler is hoisted only with some npm versions).
    }
  }
}

/** The react template as `init` writes it. */
export function reactProject(root, bin) {
  const parent = mkdtempSync(join(tmpdir(), "chatgpt-app-bench-react-"));
  const r = spawnSync(process.execPath, [bin, "init", "app", "--yes", "--template", "react", "--no-install", "--no-git"], {
    cwd: parent,
    env: { ...process.env, CI: "1", NO_COLOR: "1" },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`init --template react failed: ${r.stderr}`);
  const dir = join(parent, "app");
  linkModules(root, dir);
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

export function startDev(bin, cwd) {
  const started = performance.now();
  const child = spawn(process.execPath, [bin, "dev", "--json", "--no-tunnel", "--port", "0"], {
    cwd,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", NGROK_AUTHTOKEN: "", PORT: "" },
  });
  const events = [];
  const waiters = new Set();
  let buffer = "";
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  child.stdout.on("data", (d) => {
    buffer += d;
    let newline;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith("{")) continue;
      events.push(JSON.parse(line));
      for (const waiter of [...waiters]) waiter();
    }
  });
  const waitFor = (match, from = 0, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = events.slice(from).find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`dev: timed out waiting for an event\n${stderr}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("close", resolve);
      child.kill("SIGINT");
    });
  return { child, started, events, waitFor, stop, stderr: () => stderr };
}

/** esbuild's own incremental rebuild of the same entry after the same edits (what our bundler runs, minus inlining). */
export async function esbuildRebuilds(dir, entry, file, edit, count) {
  const esbuild = await import("esbuild");
  const ctx = await esbuild.context({
    absWorkingDir: dir,
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: join(dir, ".bench-out"),
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome111", "safari16.4", "firefox115"],
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"development"' },
    metafile: true,
    logLevel: "silent",
  });
  await ctx.rebuild();
  const times = [];
  for (let i = 0; i < count; i++) {
    writeFileSync(file, edit(i).text);
    const start = performance.now();
    await ctx.rebuild();
    times.push(performance.now() - start);
  }
  await ctx.dispose();
  return times;
}
