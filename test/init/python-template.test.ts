import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_PORT } from "../../src/config/load-config.js";
import { runCli } from "../helpers/cli.js";
import { scaffoldPythonProject } from "../dev/python-venv.js";
import { tempDir } from "./harness.js";

/** The python template, scaffolded by `init`, with the template's requirements installed (a cached venv). */
describe("the python template's server agrees with chatgpt-app's own", { timeout: 900_000 }, () => {
  const workspace = tempDir("chatgpt-app-python-template-");
  let dir: string;
  let python: string;

  before(async () => {
    dir = await scaffoldPythonProject(workspace.dir, "py-app");
    python = join(dir, ".venv", "bin", "python");
    const build = await runCli(["build"], { cwd: dir });
    assert.equal(build.code, 0, build.stderr);
  });
  after(() => workspace.remove());

  test("`python -m server` listens on the same default port as the Node servers", () => {
    const port = execFileSync(python, ["-c", "import server.__main__ as m; print(m.DEFAULT_PORT)"], { cwd: dir, encoding: "utf8" });
    assert.equal(Number(port), DEFAULT_PORT);
  });

  test("the project's own tests pass (Host refusal, serverInfo, tools, widgets through the official client)", () => {
    const out = execFileSync(python, ["-m", "pytest", "-p", "no:cacheprovider"], { cwd: dir, encoding: "utf8", timeout: 300_000 });
    assert.match(out, /\b[1-9]\d* passed\b/);
    assert.doesNotMatch(out, /\bfailed\b/);
  });
});
