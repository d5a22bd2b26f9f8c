import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_PORT } from "../../src/config/load-config.js";
import { runCli } from "../helpers/cli.js";
import { scaffoldPythonProject } from "../dev/python-venv.js";
import { tempDir } from "./harness.js";

/**
 * The python template, scaffolded by `init` on each mcp line, with that line's requirements
 * installed (a cached venv per line).
 */
for (const sdk of [2, 1] as const) {
  describe(`the python template's server agrees with chatgpt-app's own (mcp ${sdk}.x)`, { timeout: 900_000 }, () => {
    const workspace = tempDir("chatgpt-app-python-template-");
    let dir: string;
    let python: string;

    before(async () => {
      dir = await scaffoldPythonProject(workspace.dir, "py-app", sdk);
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
      const out = execFileSync(python, ["-m", "pytest", "-p", "no:cacheprovider", "-rA"], { cwd: dir, encoding: "utf8", timeout: 300_000 });
      assert.match(out, /\b[1-9]\d* passed\b/);
      assert.doesNotMatch(out, /\bfailed\b/);
      // On mcp 2.x the client speaks both protocol eras to it.
      if (sdk === 2) assert.match(out, /PASSED tests\/test_app\.py::test_roll_dice_is_listed_with_everything_chatgpt_reads\[2026-era\]/);
    });

    test(`the server is the mcp ${sdk}.x one, pinned in requirements.txt`, () => {
      const line = execFileSync(python, ["-c", "import importlib.metadata as m; print(m.version('mcp'))"], { encoding: "utf8" });
      assert.equal(line.split(".")[0], String(sdk));
      const server = readFileSync(join(dir, "server", "app_server.py"), "utf8");
      assert.match(server, sdk === 2 ? /class ChatGptMCP\(MCPServer\)/ : /class ChatGptMCP\(FastMCP\)/);
    });
  });
}
