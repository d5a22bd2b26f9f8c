import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, describe, test } from "node:test";
import { runCli } from "../helpers/cli.js";
import { BIN, tempProject, type TempProject } from "../helpers/project.js";

/** Runs the built CLI with its stdout read by nobody: the pipe is closed at once, as `| head -3` does. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

const INVALID_APP = [
  'import { defineApp } from "chatgpt-app/server";',
  "export default defineApp({",
  '  name: "bad",',
  '  securitySchemes: [{ type: "noauth" }],',
  "  setup(server) {",
  '    server.registerTool("first", { title: "First", description: "Use this first.", invoking: "x".repeat(80), annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } }, async () => ({ content: [] }));',
  '    server.registerTool("second", { title: "Second", description: "Use this second.", widget: "nope", annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } }, async () => ({ content: [] }));',
  "  },",
  "});",
  "",
].join("\n");

const SCHEMA_INVALID_APP = INVALID_APP.replace('invoking: "x".repeat(80), annotations: { readOnlyHint: true', 'annotations: { readOnlyHint: "yes" as never').replace(
  'widget: "nope", annotations: { readOnlyHint: true, destructiveHint: false',
  "annotations: { readOnlyHint: true, destructiveHint: 1 as never",
);

describe("lint and build on the command line, as a new user meets them", () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((p) => p.remove()));

  test("a typo in --rule suggests the rule by edit distance", async () => {
    const p = tempProject();
    projects.push(p);
    const typo = await runCli(["lint", "--file", "none.json", "--rule", "missing-titel=off"], { cwd: p.dir });
    assert.equal(typo.code, 2, typo.stderr);
    assert.match(typo.stderr, /--rule: there is no lint rule "missing-titel"/);
    assert.match(typo.stderr, /Did you mean "missing-title"\?/);
  });

  test("--timeout says its unit", async () => {
    const help = await runCli(["lint", "--help"]);
    assert.match(help.stdout, /--timeout <ms> +milliseconds the whole run may take, connecting and\s+listing included \(default 30000\)/);
  });

  for (const args of [["lint", "--list-rules"], ["lint", "--list-rules", "--format", "json"], ["--help"]]) {
    test(`\`chatgpt-app ${args.join(" ")} | head\` exits quietly when the reader stops early`, async () => {
      const r = await runWithClosedStdout(args);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
    });
  }

  test("build and lint agree on invalid tool definitions: exit 1, file:line, every problem", async () => {
    const p = tempProject("basic", { "server/index.ts": INVALID_APP });
    projects.push(p);
    for (const command of ["build", "lint"]) {
      const r = await runCli([command], { cwd: p.dir });
      assert.equal(r.code, 1, `${command}: ${r.stderr}`);
      assert.match(r.stderr, /2 tool definitions are invalid/, command);
      assert.match(r.stderr, /server\/index\.ts:6:\d+: Tool "first": invoking is 80 characters/, command);
      assert.match(r.stderr, /server\/index\.ts:7:\d+: Tool "second" renders widget "nope"/, command);
    }
  });

  test("build and lint agree on a tool list MCP clients would reject: exit 1, each problem at its file:line", async () => {
    const p = tempProject("basic", { "server/index.ts": SCHEMA_INVALID_APP });
    projects.push(p);
    const build = await runCli(["build"], { cwd: p.dir });
    const lint = await runCli(["lint"], { cwd: p.dir });
    assert.equal(build.code, 1, build.stderr);
    assert.equal(lint.code, 1, lint.stderr);
    assert.match(build.stderr, /2 problems in the source:\n {2}server\/index\.ts:6:\d+: Tool "first" does not set readOnlyHint/);
    assert.match(build.stderr, /\n {2}server\/index\.ts:7:\d+: Tool "second" does not set destructiveHint/);
    assert.match(lint.stdout, /tool first {2}server\/index\.ts:6:\d+\n {2}✖ error {2}Tool "first" does not set readOnlyHint/);
    assert.match(lint.stdout, /tool second {2}server\/index\.ts:7:\d+\n {2}✖ error {2}Tool "second" does not set destructiveHint/);
  });
});
