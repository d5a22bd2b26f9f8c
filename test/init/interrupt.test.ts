import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { spawnCli } from "../helpers/cli.js";
import { tempDir } from "./harness.js";

/** Running, and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]$/.test(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0]!);
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("Ctrl-C while init installs", { skip: process.platform === "win32" ? "process groups are POSIX" : undefined }, () => {
  const cwd = tempDir();
  const bin = join(cwd.dir, "bin");
  const pids = join(cwd.dir, "installer.pids");
  mkdirSync(bin);
  // An installer that starts a child of its own (as npm does for a package's scripts), then works for a long time.
  writeFileSync(join(bin, "npm"), `#!/bin/sh\necho $$ >> ${pids}\nsleep 300 &\necho $! >> ${pids}\necho "fetching packages"\nwait\n`);
  chmodSync(join(bin, "npm"), 0o755);
  const started: number[] = [];
  after(() => {
    for (const pid of started) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone, as it should be.
      }
    }
    cwd.remove();
  });

  test("stops the installer and everything it started, prints the retry command, exits 130", async () => {
    const init = spawnCli(["init", "stopped", "--yes", "--no-git", "--template", "vanilla"], { cwd: cwd.dir, env: { PATH: `${bin}:${process.env.PATH}` } });
    try {
      await init.waitForStderr(/Installing dependencies with npm/);
      await until(() => existsSync(pids) && readFileSync(pids, "utf8").trim().split("\n").length === 2, "the installer has started its child");
      started.push(...readFileSync(pids, "utf8").trim().split("\n").map(Number));
      // Only init is signalled, as `kill -INT` would: init must pass it on to the installer's group.
      init.child.kill("SIGINT");
      assert.equal(await init.exited, 130, init.stderr());
      assert.match(init.stderr(), /Cancelled while installing; the project is in place at \.\/stopped\.\nTo install later, run: cd stopped && npm install\n/);
      await until(() => started.every((pid) => !running(pid)), "the installer and its child have ended");
      assert.ok(existsSync(join(cwd.dir, "stopped", "package.json")), "the project stays");
    } finally {
      init.kill("SIGKILL");
    }
  });
});
