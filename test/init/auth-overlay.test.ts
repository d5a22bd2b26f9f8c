import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { promisify } from "node:util";
import { applyEdits, type AnchoredEdit } from "../../src/scaffold/anchored-edits.js";
import { findTemplate, projectFiles, templatesRoot } from "../../src/scaffold/templates.js";
import { scaffoldPythonProject } from "../dev/python-venv.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT, scaffoldTemplate } from "../helpers/project.js";
import { listFiles, tempDir } from "./harness.js";

const execFileAsync = promisify(execFile);
// The scaffolded project's own `node --test` must not think it runs inside ours.
const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;

describe("anchored edits", () => {
  const file = "server/index.ts";
  const text = "import a;\r\nconst x = 1;\r\nexport default x;\r\n";

  test("lines go after, before or in place of their anchor; the file's line endings are kept", () => {
    const edits: AnchoredEdit[] = [
      { file, anchor: "import a;", at: "after", lines: ["import b;"] },
      { file, anchor: "export default x;", at: "before", lines: ["", "// x"] },
      { file, anchor: "const x = 1;", at: "replace", lines: ["const x = 2;"] },
      { file: "other.ts", anchor: "nowhere", at: "after", lines: ["never"] },
    ];
    assert.equal(applyEdits(file, text, edits), "import a;\r\nimport b;\r\nconst x = 2;\r\n\r\n// x\r\nexport default x;\r\n");
  });

  test("an anchor missing, indented otherwise, or there twice is a bug, said loudly", () => {
    for (const anchor of ["import c;", "  const x = 1;"]) {
      assert.throws(() => applyEdits(file, text, [{ file, anchor, at: "after", lines: ["y"] }]), /exactly once, but the template has it 0 times.*bug in chatgpt-app/);
    }
    assert.throws(() => applyEdits(file, "a\na\n", [{ file, anchor: "a", at: "before", lines: ["b"] }]), /has it 2 times/);
  });

  test("a template whose anchor line changed: init stops before it writes a file", async () => {
    const copy = tempDir("chatgpt-app-drifted-");
    try {
      const root = join(copy.dir, "templates");
      cpSync(templatesRoot(), root, { recursive: true });
      const entry = join(root, "react", "server", "index.ts");
      writeFileSync(entry, readFileSync(entry, "utf8").replace("  setup(server: AppServerV2) {", "  setup(server: AppServerV2): void {"));
      assert.throws(() => projectFiles(findTemplate("react")!, "oauth", 2, root), /server\/index\.ts expects the line "  setup\(server: AppServerV2\) \{" exactly once.*bug/);
      assert.doesNotThrow(() => projectFiles(findTemplate("react")!, "none", 2, root));
    } finally {
      copy.remove();
    }
  });
});

describe("init --auth oauth on every template and SDK line: the edits apply and the project type-checks or imports", { timeout: 900_000 }, () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.reverse().forEach((cleanup) => cleanup()));

  for (const template of ["react", "vanilla"]) {
    for (const sdk of ["2", "1"]) {
      test(`${template}, SDK line ${sdk}: tsc passes; the entry file imports and registers the account tools`, async () => {
        const project = await scaffoldTemplate(template, { auth: "oauth", sdk });
        cleanups.push(project.remove);
        const entry = readFileSync(join(project.dir, "server", "index.ts"), "utf8");
        assert.match(entry, /^import \{ ACCOUNT_SCOPE, registerAccountTools \} from "\.\/account\.js";$/m);
        assert.match(entry, /^ {2}auth: \{ scopes: \[ACCOUNT_SCOPE\] \},$/m);
        assert.match(entry, /^ {4}registerAccountTools\(server\);$/m);
        assert.doesNotMatch(entry, /No sign-in/);
        await execFileAsync(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: project.dir, timeout: 120_000 });
      });
    }
  }

  for (const sdk of [2, 1] as const) {
    test(`python, SDK line ${sdk}: server.main imports with AUTH_ISSUER set and lists the account tools beside roll_dice`, async () => {
      const workspace = tempDir("chatgpt-app-python-auth-");
      cleanups.push(workspace.remove);
      const dir = await scaffoldPythonProject(workspace.dir, "app", sdk, ["--auth", "oauth"]);
      const build = await runCli(["build"], { cwd: dir });
      assert.equal(build.code, 0, build.stderr);
      const script = "import asyncio; from server.main import AUTH, app, mcp; print(sorted(t.name for t in asyncio.run(mcp.list_tools())), AUTH is not None, any(getattr(r, 'path', '').startswith('/.well-known/oauth-protected-resource') for r in app.routes))";
      // Nothing listens there: metadata and keys are fetched when the first token comes, not at import.
      const { stdout } = await execFileAsync(join(dir, ".venv", "bin", "python"), ["-c", script], { cwd: dir, timeout: 120_000, env: { ...process.env, AUTH_ISSUER: "http://127.0.0.1:9" } });
      assert.equal(stdout.trim(), "['greet', 'roll_dice', 'show_account'] True True");
    });
  }
});

describe("npm test in a scaffolded TypeScript project runs every test file, the account tools' among them", { timeout: 600_000 }, () => {
  const cleanups: Array<() => void> = [];
  after(() => cleanups.reverse().forEach((cleanup) => cleanup()));

  for (const [template, sdk] of [["react", "2"], ["vanilla", "1"]] as const) {
    test(`${template}, SDK line ${sdk}, --auth oauth: npm test runs test/app.test.ts and test/account.test.ts, and one added in a subfolder`, async () => {
      const project = await scaffoldTemplate(template, { auth: "oauth", sdk });
      cleanups.push(project.remove);
      project.write("test/more/extra.test.ts", 'import { test } from "node:test";\ntest("a test file in a subfolder of test/", () => {});\n');
      const build = await runCli(["build"], { cwd: project.dir });
      assert.equal(build.code, 0, build.stderr);
      const { stdout } = await execFileAsync("npm", ["test"], { cwd: project.dir, env: { ...parentEnv, NO_COLOR: "1", npm_config_loglevel: "error" }, timeout: 300_000 });
      assert.match(stdout, /^ok \d+ - account tools$/m);
      assert.match(stdout, /^\s+ok \d+ - show_account needs a sign-in with account:read; greet works anonymously too$/m);
      assert.match(stdout, /^ok \d+ - a test file in a subfolder of test\/$/m);
      assert.match(stdout, /^# fail 0$/m);
      assert.ok(listFiles(project.dir).includes("scripts/test.mjs"));
    });
  }
});
