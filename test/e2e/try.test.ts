import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { connectClient, widgetHtmlOf } from "../dev/dev-helpers.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { connect, waitFor } from "../helpers/mcp.js";
import { checkDiceWidget } from "../init/widget-host.js";
import { REPO_ROOT } from "../helpers/project.js";

/**
 * A fresh clone of this checkout: every file git would commit, copied, without dist/ or try/.
 * Its node_modules is this checkout's, linked, in place of `npm install` (whose only other
 * step, `prepare`, builds dist/, which `npm run try` does itself). The app's own install is real.
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

interface TryRun {
  url: string;
  output(): string;
  /** SIGINT to the whole group, as Ctrl-C sends it; resolves with what is still running (nothing, if all went well). */
  stop(): Promise<string[]>;
}

/** `npm run try -- --template <name>` on a free port, in its own process group, until dev answers tools/list. */
async function startTry(clone: string, template: string): Promise<TryRun> {
  const port = await freePort();
  const child = spawn("npm", ["run", "try", "--", "--template", template, "--port", String(port), "--strict-port"], {
    cwd: clone,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const pgid = child.pid!;
  const stop = async () => {
    if (groupMembers(pgid).length) process.kill(-pgid, "SIGINT");
    return waitFor(() => (groupMembers(pgid).length === 0 ? [] : undefined), 30_000, 100).catch(() => groupMembers(pgid));
  };
  const url = `http://127.0.0.1:${port}/mcp`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm run try exited ${child.exitCode}`);
        const mcp = await connect(url);
        return mcp.close().then(() => true);
      },
      240_000,
      250,
    );
  } catch (error) {
    await stop();
    assert.fail(`${(error as Error).message}\n${output}`);
  }
  return { url, output: () => output, stop };
}

describe("npm run try, from a fresh clone", () => {
  let clone: string;
  let browser: BrowserHandle | undefined;
  before(() => {
    clone = freshClone();
  });
  after(async () => {
    await browser?.close();
    rmSync(clone, { recursive: true, force: true });
  });

  test("vanilla: scaffolds try/vanilla with a packed chatgpt-app, installs it, dev answers tools/list until SIGINT ends its group", { timeout: 300_000 }, async () => {
    const lockfile = statSync(join(REPO_ROOT, "node_modules", ".package-lock.json")).mtimeMs;
    const run = await startTry(clone, "vanilla");
    try {
      const mcp = await connect(run.url);
      try {
        assert.deepEqual((await mcp.client.listTools()).tools.map((t) => t.name), ["roll_dice"]);
      } finally {
        await mcp.close();
      }
      const app = join(clone, "try", "vanilla");
      const pkg = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
      assert.equal(pkg.name, "try-vanilla");
      assert.match(pkg.dependencies["chatgpt-app"], /^file:\.\.\/\.pack\/chatgpt-app-\d+\.\d+\.\d+\.tgz$/, "this checkout, packed; not the registry");
      const installed = join(app, "node_modules", "chatgpt-app");
      assert.ok(!lstatSync(installed).isSymbolicLink(), "a copy of the checkout, not a link to it");
      assert.ok(existsSync(join(installed, "dist", "cli.js")));
      assert.match(run.output(), /chatgpt-app dev in try\/vanilla/);
    } finally {
      assert.deepEqual(await run.stop(), [], `still running after SIGINT:\n${run.output()}`);
    }
    assert.match(run.output(), /Shutting down/);
    assert.equal(statSync(join(REPO_ROOT, "node_modules", ".package-lock.json")).mtimeMs, lockfile, "the checkout's node_modules is left alone");
  });

  test("react: the widget dev serves renders and rolls in Chromium (one React: the app's)", { timeout: 300_000 }, async () => {
    const run = await startTry(clone, "react");
    try {
      const client = await connectClient(run.url);
      let html: string;
      try {
        html = (await widgetHtmlOf(client, "roll_dice")).html;
      } finally {
        await client.close();
      }
      browser = await launchBrowser();
      const page = await browser.context.newPage();
      await checkDiceWidget(page, html);
    } finally {
      assert.deepEqual(await run.stop(), [], `still running after SIGINT:\n${run.output()}`);
    }
  });

  test("a folder it did not make is refused and left as it is; try/ is ignored by git", () => {
    mkdirSync(join(clone, "try", "python"), { recursive: true });
    writeFileSync(join(clone, "try", "python", "notes.txt"), "mine\n");
    const r = spawnSync("npm", ["run", "-s", "try", "--", "--template", "python"], { cwd: clone, env, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /try\/python exists and is not an app made by npm run try; it is left as it is/);
    assert.deepEqual(readdirSync(join(clone, "try", "python")), ["notes.txt"]);
    assert.equal(readFileSync(join(clone, "try", "python", "notes.txt"), "utf8"), "mine\n");
    assert.equal(spawnSync("git", ["check-ignore", "-q", "try/python/notes.txt"], { cwd: REPO_ROOT }).status, 0);
  });
});
