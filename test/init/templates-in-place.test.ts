import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import { templateFiles, templatesRoot, TEMPLATES } from "../../src/scaffold/templates.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";
import { listFiles, runInitInProcess, tempDir } from "./harness.js";

const execFileAsync = promisify(execFile);
// The copied project's own `node --test` must not think it runs inside ours.
const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;

/** What a copied template needs from node_modules, linked from this checkout (chatgpt-app is the checkout itself). */
const LINKED = ["@modelcontextprotocol", "@types", "zod", "tsx", "typescript", "react", "react-dom"];

function linkModules(dir: string): void {
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  symlinkSync(REPO_ROOT, join(modules, "chatgpt-app"), "dir");
  for (const name of LINKED) symlinkSync(join(REPO_ROOT, "node_modules", name), join(modules, name), "dir");
}

const TOKEN = /%%[A-Z][A-Z0-9_]*%%/;

describe("templates run in place", () => {
  const workspace = tempDir("chatgpt-app-in-place-");
  after(() => workspace.remove());

  for (const { name } of TEMPLATES) {
    test(`${name}: the template folder is, byte for byte, what init writes for the default name with npm`, async () => {
      const cwd = join(workspace.dir, `init-${name}`);
      mkdirSync(cwd);
      const r = await runInitInProcess(undefined, { yes: true, install: false, git: false, template: name, pm: "npm" }, { cwd });
      assert.equal(r.code, 0, r.stderr);
      const project = join(cwd, "my-chatgpt-app");
      for (const file of templateFiles(name)) {
        const source = readFileSync(file.source, "utf8");
        assert.doesNotMatch(source, TOKEN, `${name}/${file.path} holds a token`);
        assert.equal(readFileSync(join(project, file.path), "utf8"), source, `${name}/${file.path} is changed on copy`);
      }
    });
  }

  for (const name of ["react", "vanilla", "python"]) {
    test(`${name}: --sdk 1 writes the template with the files of templates/sdk1/${name} over it; --yes takes line 2`, async () => {
      const cwd = join(workspace.dir, `init-sdk1-${name}`);
      mkdirSync(cwd);
      const r = await runInitInProcess(undefined, { yes: true, install: false, git: false, template: name, pm: "npm", sdk: "1", json: true }, { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).sdk, 1);
      const project = join(cwd, "my-chatgpt-app");
      const overlay = templateFiles(name, undefined, 1).filter((f) => f.source.includes(`/sdk1/${name}/`));
      assert.ok(overlay.length > 0, "the v1 line has files of its own");
      for (const file of templateFiles(name, undefined, 1)) assert.equal(readFileSync(join(project, file.path), "utf8"), readFileSync(file.source, "utf8"), file.path);
      assert.deepEqual(listFiles(project).sort(), templateFiles(name).map((f) => f.path).sort(), "the same files on both lines");
      const defaults = await runInitInProcess("default-line", { yes: true, install: false, git: false, template: name, pm: "npm", json: true }, { cwd });
      assert.equal(JSON.parse(defaults.stdout).sdk, 2);
    });
  }

  for (const name of ["vanilla", "react"]) {
    test(`${name}: a plain cp -r of the template builds, lints clean and passes its own tests, untouched`, { timeout: 300_000 }, async () => {
      const dir = join(workspace.dir, `copy-${name}`);
      execFileSync("cp", ["-r", join(templatesRoot(), name), dir]);
      const copied = listFiles(dir);
      linkModules(dir);

      const build = await runCli(["build"], { cwd: dir });
      assert.equal(build.code, 0, build.stderr);
      assert.ok(existsSync(join(dir, "dist", "widgets", "dice.html")));
      const manifest = JSON.parse(readFileSync(join(dir, "dist", "manifest.json"), "utf8"));
      assert.equal(manifest.app.name, "my-chatgpt-app", "the app's name as the template states it");

      const lint = await runCli(["lint", "--format", "json"], { cwd: dir });
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
      assert.deepEqual({ errors: JSON.parse(lint.stdout).summary.errors, warnings: JSON.parse(lint.stdout).summary.warnings }, { errors: 0, warnings: 0 });

      const { stdout } = await execFileAsync("npm", ["test"], { cwd: dir, env: { ...parentEnv, NO_COLOR: "1", npm_config_loglevel: "error" }, timeout: 120_000 });
      assert.match(stdout, /# pass [1-9]/);
      assert.match(stdout, /# fail 0/);
      assert.deepEqual(listFiles(dir), copied, "nothing was filled in or added, beside dist/ and node_modules/");
    });
  }

  test("the templates folder holds no node_modules or dist", () => {
    for (const { name } of TEMPLATES) {
      for (const generated of ["node_modules", "dist", ".venv"]) assert.ok(!existsSync(join(templatesRoot(), name, generated)), `${name}/${generated}`);
    }
  });
});
