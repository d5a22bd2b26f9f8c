import assert from "node:assert/strict";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { findProjectRoot } from "../../src/config/project-root.js";
import { runCli, spawnCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";
import { runInitInProcess, tempDir } from "./harness.js";

/** A project scaffolded by init, with `chatgpt-app`, the SDK and zod linked from this repo instead of installed. */
async function scaffolded(parent: string, name: string, template: string): Promise<string> {
  const r = await runInitInProcess(name, { yes: true, install: false, git: false, template }, { cwd: parent });
  assert.equal(r.code, 0, r.stderr);
  const dir = join(parent, name);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(REPO_ROOT, join(dir, "node_modules", "chatgpt-app"), "dir");
  for (const pkg of ["@modelcontextprotocol", "zod"]) symlinkSync(join(REPO_ROOT, "node_modules", pkg), join(dir, "node_modules", pkg), "dir");
  return dir;
}

const NPM = { npm_config_user_agent: "npm/10.9.0 node/v20.19.0 linux x64" };

describe("commands run in a subfolder of a project work on the project", { timeout: 240_000 }, () => {
  const parent = tempDir();
  let project: string;
  let widget: string;
  before(async () => {
    project = await scaffolded(parent.dir, "sub-app", "vanilla");
    widget = join(project, "widgets", "dice");
  });
  after(() => parent.remove());

  test("the root is the nearest folder with a config or a package.json that depends on chatgpt-app", () => {
    assert.equal(findProjectRoot(widget), project);
    assert.equal(findProjectRoot(join(project, "server")), project);
    assert.equal(findProjectRoot(project), project);
    assert.equal(findProjectRoot(parent.dir), parent.dir, "no project above: the folder as given");
  });

  test("build, lint, start and dev from widgets/dice/", async () => {
    const build = await runCli(["build"], { cwd: widget, env: NPM });
    assert.equal(build.code, 0, build.stderr);
    assert.ok(existsSync(join(project, "dist", "manifest.json")), "dist/ of the project, not of the subfolder");
    assert.ok(!existsSync(join(widget, "dist")));
    assert.match(build.stderr, /Built sub-app: 1 tool, 1 widget/);

    const lint = await runCli(["lint", "--format", "json", "--output", "report.json"], { cwd: widget });
    assert.equal(lint.code, 0, lint.stderr);
    assert.ok(existsSync(join(widget, "report.json")), "a path typed in the subfolder still means the subfolder");

    const start = spawnCli(["start", "--port", "0"], { cwd: widget });
    try {
      const [url] = await start.waitForStdout(/http:\/\/\S+\/mcp/);
      const res = await fetch(url!.replace(/\/mcp$/, "/healthz"));
      assert.equal(((await res.json()) as { app: string }).app, "sub-app");
    } finally {
      start.kill("SIGKILL");
    }

    const dev = spawnCli(["dev", "--port", "0", "--no-tunnel", "--json"], { cwd: widget });
    try {
      const [ready] = await dev.waitForStdout(/"type":"ready".*/);
      assert.match(ready!, /"tools":1/);
    } finally {
      dev.kill("SIGKILL");
    }
  });
});

describe("build names the project's real start command", { timeout: 240_000 }, () => {
  const parent = tempDir();
  after(() => parent.remove());

  test("python: the package.json start script, not chatgpt-app start", async () => {
    const project = await scaffolded(parent.dir, "py-serve", "python");
    const build = await runCli(["build"], { cwd: project, env: NPM });
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /Serve it with: npm run start \(runs \.venv\/bin\/python -m server\)\n/);
    assert.doesNotMatch(build.stderr, /chatgpt-app start/);
    const pnpm = await runCli(["build"], { cwd: project, env: { npm_config_user_agent: "pnpm/9.12.0 npm/? node/v20.19.0 linux x64" } });
    assert.match(pnpm.stderr, /Serve it with: pnpm start \(runs \.venv\/bin\/python -m server\)\n/);
  });

  test("typescript: its start script, which is chatgpt-app start", async () => {
    const project = await scaffolded(parent.dir, "ts-serve", "vanilla");
    const build = await runCli(["build"], { cwd: project, env: NPM });
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stderr, /Serve it with: npm run start\n/);
  });
});
