import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, ftruncateSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { once } from "node:events";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_TEMPLATE, templateFiles } from "../../src/scaffold/templates.js";
import { listFiles, runInitInProcess, tempDir } from "./harness.js";

/** Every file under `dir` with its bytes, nothing left out. */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir, []).map((path) => [path, readFileSync(join(dir, path))]));
}

function assertUnchanged(dir: string, before: Map<string, Buffer>): void {
  const now = snapshot(dir);
  assert.deepEqual([...now.keys()], [...before.keys()], "the same files, no more and no fewer");
  for (const [path, bytes] of before) assert.ok(now.get(path)!.equals(bytes), `${path} is byte-identical (${now.get(path)!.length} of ${bytes.length} bytes)`);
}

/** A user's folder that init --force overwrites in part: a large .env.example, a package.json, a file of their own. */
function userFiles(dir: string): void {
  mkdirSync(join(dir, "server"), { recursive: true });
  writeFileSync(join(dir, ".env.example"), randomBytes(30_720).toString("base64")); // 40,960 bytes
  writeFileSync(join(dir, "package.json"), '{ "name": "mine", "private": true }\n');
  writeFileSync(join(dir, "notes.txt"), "my notes\n");
}

/** Fills the file system of `dir` with one more user file, then frees `leave` bytes of it again. */
function fillDisk(dir: string, leave: number): void {
  const fd = openSync(join(dir, "filler.bin"), "w");
  const chunk = Buffer.alloc(4096, 7);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  }
  const size = fstatSync(fd).size;
  ftruncateSync(fd, Math.max(0, size - leave));
  closeSync(fd);
}

describe("init --force never loses a byte of a user's file", () => {
  const mountPoint = mkdtempSync(join(tmpdir(), "chatgpt-app-tmpfs-"));
  let skipReason: string | undefined;
  before(() => {
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint], { stdio: "pipe" });
    } catch (error) {
      skipReason = `a small tmpfs cannot be mounted here (${String((error as { stderr?: Buffer }).stderr ?? error).trim()})`;
    }
  });
  after(() => {
    try {
      if (!skipReason) execFileSync("umount", [mountPoint], { stdio: "pipe" });
    } finally {
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  for (const [label, leave] of [
    ["a full disk", 0],
    ["a disk that fills up mid-way", 8192],
  ] as const) {
    test(`on ${label} (tmpfs): init fails and every user file is byte-identical`, async (t) => {
      if (skipReason) return t.skip(skipReason);
      const dir = join(mountPoint, leave === 0 ? "full" : "mid-way");
      userFiles(dir);
      fillDisk(mountPoint, leave);
      const before = snapshot(dir);
      try {
        const r = await runInitInProcess(dir, { yes: true, force: true, install: false, git: false, template: "react" }, { cwd: mountPoint });
        assertUnchanged(dir, before);
        assert.equal(r.code, 2, r.stderr);
        assert.match(r.stderr, /Could not write the project: ENOSPC/);
        assert.match(r.stderr, /init removed the files it had created and restored the ones it had overwritten/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe("Ctrl-C while init copies", () => {
  const cwd = tempDir();
  after(() => cwd.remove());

  /** A write that, at the `at`-th file, sends this process a real SIGINT and lets it arrive. */
  const interruptAt = (at: number) => {
    let writes = 0;
    return {
      writeFile: async (path: string, data: string | Buffer) => {
        if (++writes === at) {
          const arrived = once(process, "SIGINT");
          // A signal handler holds no event loop open; this timer does, until the signal is in.
          const holdOpen = setTimeout(() => undefined, 10_000);
          process.kill(process.pid, "SIGINT");
          await arrived;
          clearTimeout(holdOpen);
        }
        writeFileSync(path, data);
      },
    };
  };

  // The default template's files: the first, one in the middle, the last.
  const count = templateFiles(DEFAULT_TEMPLATE).length;
  for (const at of [1, 6, count]) {
    test(`at file ${at} of ${count}: removes what init wrote, exits 130, and a re-run then works`, async () => {
      const name = `interrupted-${at}`;
      const r = await runInitInProcess(name, { yes: true, install: false, git: false }, { cwd: cwd.dir, hooks: interruptAt(at) });
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /Cancelled: init removed the files it had written/);
      assert.ok(!existsSync(join(cwd.dir, name)), "no file and no folder left behind");
      const again = await runInitInProcess(name, { yes: true, install: false, git: false }, { cwd: cwd.dir });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(listFiles(join(cwd.dir, name)).length, count);
    });
  }

  test("with --force, the files it had overwritten get their contents back", async () => {
    const dir = join(cwd.dir, "forced");
    userFiles(dir);
    const before = snapshot(dir);
    const r = await runInitInProcess("forced", { yes: true, force: true, install: false, git: false }, { cwd: cwd.dir, hooks: interruptAt(8) });
    assert.equal(r.code, 130, r.stderr);
    assertUnchanged(dir, before);
  });
});
