import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { templateFiles, TEMPLATES } from "../../src/scaffold/templates.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { runCli } from "../helpers/cli.js";
import { packTarball } from "../helpers/pack.js";
import { listFiles, tempDir } from "./harness.js";
import { checkDiceWidget } from "./widget-host.js";

const execFileAsync = promisify(execFile);

// The generated project's own `node --test` must not think it runs inside ours.
const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;

/** Runs a command in the generated project; on failure the error carries its whole output. */
async function run(command: string, args: string[], cwd: string, timeoutMs = 420_000): Promise<{ stdout: string; all: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(command, args, {
      cwd,
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...parentEnv, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_loglevel: "error", npm_config_fund: "false", npm_config_audit: "false" },
    });
    return { stdout, all: `${stdout}\n${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed in ${cwd}:\n${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/**
 * The pass and fail counts in the summary of Node's test runner: TAP's `# pass 3` (what Node
 * before 23 prints when not on a terminal) or the spec reporter's `ℹ pass 3` (later versions).
 */
function nodeTestCounts(out: string): { pass: number; fail: number } {
  const count = (name: string) => Number(out.match(new RegExp(`^(?:# |ℹ )${name} (\\d+)$`, "m"))?.[1] ?? Number.NaN);
  return { pass: count("pass"), fail: count("fail") };
}

/**
 * Each template as a new user gets it: `init --yes` into an empty folder, the packed local
 * chatgpt-app and the template's own dependencies installed from the registry, then the
 * project's own test command. The three run side by side (installs mostly wait on the network).
 */
describe("templates, scaffolded, installed and tested as a user would", { concurrency: true }, () => {
  let tarball: string;
  let browser: BrowserHandle;
  const workspace = tempDir("chatgpt-app-init-e2e-");
  before(async () => {
    tarball = packTarball();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    workspace.remove();
  });

  for (const template of TEMPLATES) {
    test(`${template.name}: init --yes, install, and the project's own tests pass`, { timeout: 900_000 }, async () => {
      const name = `e2e-${template.name}-app`;
      const dir = join(workspace.dir, name);
      const init = await runCli(["init", name, "--yes", "--template", template.name, "--no-install", "--no-git"], { cwd: workspace.dir });
      assert.equal(init.code, 0, init.stderr);

      // The files are the template's, renamed, with every token filled in.
      const files = listFiles(dir);
      assert.deepEqual(files, templateFiles(template.name).map((f) => f.path).sort());
      for (const file of files) assert.doesNotMatch(readFileSync(join(dir, file), "utf8"), /%%[A-Z][A-Z0-9_]*%%/, `a token is left in ${file}`);
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      assert.equal(pkg.name, name);
      assert.match(pkg.dependencies["chatgpt-app"], /^\^\d+\.\d+\.\d+/);

      // This very chatgpt-app, packed, in place of the registry's.
      pkg.dependencies["chatgpt-app"] = `file:${tarball}`;
      writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
      await run("npm", ["install"], dir);

      if (template.language === "python") {
        await run("python3", ["-m", "venv", ".venv"], dir);
        await run(join(dir, ".venv", "bin", "python"), ["-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"], dir);
        const out = (await run("npm", ["test"], dir)).all;
        assert.match(out, /\b\d+ passed\b/);
        assert.doesNotMatch(out, /\b\d+ failed\b/);
      } else {
        const out = (await run("npm", ["test"], dir)).all;
        const counts = nodeTestCounts(out);
        assert.ok(counts.pass > 0 && counts.fail === 0, `${JSON.stringify(counts)} in:\n${out}`);
        await run("npm", ["run", "typecheck"], dir);
      }

      // It lints clean, as ChatGPT review would read it.
      const lint = JSON.parse((await run("npx", ["chatgpt-app", "lint", "--format", "json"], dir)).stdout);
      assert.deepEqual({ errors: lint.summary.errors, warnings: lint.summary.warnings }, { errors: 0, warnings: 0 }, JSON.stringify(lint.diagnostics, null, 2));
      assert.equal(lint.summary.tools, 1);

      // The widget does what the README says, in a real browser, with a stand-in host.
      await run("npm", ["run", "build"], dir);
      const page = await browser.context.newPage();
      try {
        await checkDiceWidget(page, readFileSync(join(dir, "dist", "widgets", "dice.html"), "utf8"));
      } finally {
        await page.close();
      }
    });
  }
});
