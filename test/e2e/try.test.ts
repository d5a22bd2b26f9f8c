import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect, waitFor } from "../helpers/mcp.js";
import { REPO_ROOT } from "../helpers/project.js";

/**
 * A fresh clone of this checkout: every file git would commit, copied, without dist/ or try/.
 * Its node_modules is this checkout's, linked, in place of `npm install` (whose only other
 * step, `prepare`, builds dist/, which `npm run try` does itself).
 */
function freshClone(): string {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-clone-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  for (const file of new Set(files.split("\0").filter(Boolean))) {
    try {
      statSync(join(REPO_ROOT, file));
    } catch {
      continue; // deleted in the working tree
    }
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(REPO_ROOT, file), join(dir, file));
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The live (not zombie) processes of a process group. */
function groupMembers(pgid: number): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,stat=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter(([, group, stat]) => Number(group) === pgid && !stat?.startsWith("Z"))
    .map((fields) => fields.join(" "));
}

const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_loglevel: "error", NGROK_AUTHTOKEN: "" };
delete (env as Record<string, string | undefined>).NODE_TEST_CONTEXT;

describe("npm run try, from a fresh clone", () => {
  let clone: string;
  before(() => {
    clone = freshClone();
  });
  after(() => rmSync(clone, { recursive: true, force: true }));

  test("scaffolds try/vanilla wired to the clone, installs it, and dev answers tools/list until SIGINT ends its group", { timeout: 300_000 }, async () => {
    const lockfile = statSync(join(REPO_ROOT, "node_modules", ".package-lock.json")).mtimeMs;
    const port = await freePort();
    const child = spawn("npm", ["run", "try", "--", "--template", "vanilla", "--port", String(port), "--strict-port"], {
      cwd: clone,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const pgid = child.pid!;
    try {
      const url = `http://127.0.0.1:${port}/mcp`;
      const tools = await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`npm run try exited ${child.exitCode}:\n${output}`);
          const mcp = await connect(url);
          try {
            return (await mcp.client.listTools()).tools.map((t) => t.name);
          } finally {
            await mcp.close();
          }
        },
        240_000,
        250,
      ).catch((error: Error) => assert.fail(`${error.message}\n${output}`));
      assert.deepEqual(tools, ["roll_dice"]);

      const app = join(clone, "try", "vanilla");
      const pkg = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
      assert.equal(pkg.dependencies["chatgpt-app"], "file:../..", "this checkout, not the registry");
      assert.equal(realpathSync(join(app, "node_modules", "chatgpt-app")), realpathSync(clone));
      assert.match(output, /chatgpt-app dev in try\/vanilla/);
    } finally {
      if (groupMembers(pgid).length) process.kill(-pgid, "SIGINT");
    }
    const left = await waitFor(() => (groupMembers(pgid).length === 0 ? [] : undefined), 30_000, 100).catch(() => groupMembers(pgid));
    assert.deepEqual(left, [], `still running after SIGINT:\n${output}`);
    assert.match(output, /Shutting down/);
    assert.equal(statSync(join(REPO_ROOT, "node_modules", ".package-lock.json")).mtimeMs, lockfile, "the checkout's node_modules is left alone");
  });

  test("a folder it did not make is refused and left as it is; try/ is ignored by git", () => {
    mkdirSync(join(clone, "try", "react"), { recursive: true });
    writeFileSync(join(clone, "try", "react", "notes.txt"), "mine\n");
    const r = spawnSync("npm", ["run", "-s", "try", "--", "--template", "react"], { cwd: clone, env, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /try\/react exists and is not an app made by npm run try; it is left as it is/);
    assert.deepEqual(readFileSync(join(clone, "try", "react", "notes.txt"), "utf8"), "mine\n");
    assert.equal(spawnSync("git", ["check-ignore", "-q", "try/react/notes.txt"], { cwd: REPO_ROOT }).status, 0);
  });
});
