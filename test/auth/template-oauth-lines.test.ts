import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";
import { runInitInProcess } from "../init/harness.js";

const execFileAsync = promisify(execFile);
// The generated project's own `node --test` must not think it runs inside ours.
const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;

/** Runs a command in the project; on failure the error carries its whole output. */
async function run(args: string[], cwd: string): Promise<string> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, args, { cwd, env: { ...parentEnv, NO_COLOR: "1" }, timeout: 180_000 });
    return `${stdout}\n${stderr}`;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`node ${args.join(" ")} failed:\n${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/**
 * `init --template react --auth oauth` on both SDK lines: the overlay's server (the template's
 * stateful roll_dice plus the account tools) type-checks, and the project's own tests pass.
 */
describe("init --auth oauth on both SDK lines: the project type-checks and its own tests pass", () => {
  const projects: TempProject[] = [];
  after(() => {
    for (const project of projects) project.remove();
  });

  for (const sdk of ["2", "1"] as const) {
    test(`react, sdk ${sdk}`, { timeout: 400_000 }, async () => {
      const project = tempProject();
      projects.push(project);
      for (const name of ["react", "react-dom", "tsx", "@types", "typescript"]) {
        symlinkSync(join(REPO_ROOT, "node_modules", name), join(project.dir, "node_modules", name), "dir");
      }
      const init = await runInitInProcess(".", { template: "react", sdk, auth: "oauth", install: false, git: false, yes: true, force: true } as never, { cwd: project.dir, env: process.env });
      assert.equal(init.code, 0, init.stderr);
      await run([join(project.dir, "node_modules", "typescript", "bin", "tsc"), "--noEmit"], project.dir);
      const tests = readdirSync(join(project.dir, "test")).filter((f) => f.endsWith(".test.ts")).sort();
      assert.deepEqual(tests, ["account.test.ts", "app.test.ts"]);
      const out = await run(["--import", "tsx", "--test", "--test-reporter=tap", ...tests.map((f) => join("test", f))], project.dir);
      assert.match(out, /^# fail 0$/m, out);
      assert.doesNotMatch(out, /^# pass 0$/m, out);
    });
  }
});
