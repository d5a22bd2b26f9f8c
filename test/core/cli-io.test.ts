import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { describe, test } from "node:test";
import { runBin, runCli } from "../helpers/cli.js";
import { REPO_ROOT, tempProject } from "../helpers/project.js";

const version = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("the CLI runs against the streams, environment and folder it is given", () => {
  test("two commands at once in one process, each in its own folder, each output its own", async () => {
    const built = tempProject("basic");
    const linted = tempProject("basic");
    try {
      const [build, lint] = await Promise.all([
        runCli(["build", "--json"], { cwd: built.dir }),
        runCli(["lint", "--format", "json"], { cwd: linted.dir }),
      ]);
      assert.equal(build.code, 0, build.stderr);
      assert.equal((JSON.parse(build.stdout) as { outDir: string }).outDir, join(built.dir, "dist"));
      assert.equal(lint.code, 0, lint.stderr);
      assert.equal((JSON.parse(lint.stdout) as { target: string }).target, "project .", "named from where the command ran");
      assert.ok(!build.stdout.includes(linted.dir) && !lint.stdout.includes(`${built.dir}${sep}`), "no output crossed over");
    } finally {
      built.remove();
      linted.remove();
    }
  });

  test("the environment given wins over the process's: DEBUG shows the error code", async () => {
    const empty = tempProject();
    try {
      const quiet = await runCli(["build"], { cwd: empty.dir });
      const debug = await runCli(["build"], { cwd: empty.dir, env: { DEBUG: "1" } });
      assert.equal(quiet.code, 2);
      assert.doesNotMatch(quiet.stderr, /\[\w+\]/);
      assert.match(debug.stderr, /\[app_not_found\]/);
    } finally {
      empty.remove();
    }
  });
});

describe("the bin shim (spawned)", () => {
  test("runs the CLI: --version on stdout, a usage error exits 2 on stderr", async () => {
    const v = await runBin(["--version"]);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), version);
    const usage = await runBin(["biuld"]);
    assert.equal(usage.code, 2);
    assert.equal(usage.stdout, "");
    assert.match(usage.stderr, /unknown command 'biuld'/);
  });
});
