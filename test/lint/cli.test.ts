import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { ALL_RULES } from "../../src/lint/all-rules.js";
import { runCli } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { lintProject } from "./lint-fixtures.js";

const APP = 'import { defineApp } from "chatgpt-app/server";\nexport default defineApp({ name: "x", setup() {} });\n';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI, with NO_COLOR and CI set (see helpers/cli.ts). */
function cli(args: string[]): Promise<Run> {
  return runCli(args) as Promise<Run>;
}

describe("chatgpt-app lint: flags, configuration and exit codes", () => {
  const projects: TempProject[] = [];
  const project = (fixture: string, files: Record<string, string> = {}) => {
    const p = fixture.startsWith("lint/") ? lintProject(fixture.slice("lint/".length), files) : tempProject(fixture, files);
    projects.push(p);
    return p.dir;
  };
  after(() => projects.forEach((p) => p.remove()));

  test("warnings alone exit 0; more than --max-warnings exits 1", async () => {
    const dir = project("lint/f5-cors");
    const ok = await cli(["lint", "-C", dir]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /▲ warn +ui:\/\/widget\/map-v1\.html loads the module script/);
    assert.match(ok.stdout, /0 errors, 1 warning, 0 info/);
    const strict = await cli(["lint", "-C", dir, "--max-warnings", "0"]);
    assert.equal(strict.code, 1);
    assert.match(strict.stderr, /Too many warnings: 1 \(--max-warnings 0\)/);
    assert.equal((await cli(["lint", "-C", dir, "--max-warnings", "1"])).code, 0);
  });

  test("--rule turns a rule off or up; an unknown rule or a bad setting exits 2", async () => {
    const dir = project("lint/f5-cors");
    const off = await cli(["lint", "-C", dir, "--rule", "module-script-cross-origin=off"]);
    assert.equal(off.code, 0);
    assert.match(off.stdout, /No problems/);
    assert.equal((await cli(["lint", "-C", dir, "--rule", "module-script-cross-origin=error"])).code, 1);
    const unknown = await cli(["lint", "-C", dir, "--rule", "module-script-cross=off"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--rule: there is no lint rule "module-script-cross"/);
    assert.match(unknown.stderr, /Did you mean "module-script-cross-origin"\?/);
    const bad = await cli(["lint", "-C", dir, "--rule", "module-script-cross-origin=loud"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /use id=off, id=warn or id=error/);
  });

  test("lint.rules and lint.preset in the config; --preset and --rule win over them", async () => {
    const dir = project("lint/f5-cors", {
      // The fixtures' example.com domains are placeholders, which submission refuses: off here.
      "chatgpt-app.config.json": JSON.stringify({ lint: { preset: "submission", rules: { "module-script-cross-origin": "error", "placeholder-domain": "off" } } }),
    });
    const configured = await cli(["lint", "-C", dir, "--format", "json"]);
    assert.equal(configured.code, 1);
    const report = JSON.parse(configured.stdout);
    assert.equal(report.preset, "submission");
    assert.deepEqual(report.diagnostics.map((d: { ruleId: string; severity: string }) => [d.ruleId, d.severity]), [["module-script-cross-origin", "error"]]);
    assert.equal((await cli(["lint", "-C", dir, "--rule", "module-script-cross-origin=warn"])).code, 0);
  });

  test("the submission preset turns review warnings into errors", async () => {
    const dir = project("lint/f6-localhost");
    assert.equal((await cli(["lint", "-C", dir])).code, 0);
    const submission = await cli(["lint", "-C", dir, "--preset", "submission"]);
    assert.equal(submission.code, 1);
    assert.match(submission.stdout, /✖ error {2}ui:\/\/widget\/map-v1\.html references http:\/\/localhost:5173/);
  });

  test("a bad config is exit 2 naming the key", async () => {
    const dir = project("lint/clean", { "chatgpt-app.config.json": JSON.stringify({ lint: { rules: { "missing-title": "loud" } } }) });
    const result = await cli(["lint", "-C", dir]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"lint\.rules\.missing-title" must be one of "off", "warn", "error"/);
    assert.equal(result.stdout, "");
  });

  test("--output writes the report to a file; stdout stays empty", async () => {
    const dir = project("lint/f4-csp");
    const result = await cli(["lint", "-C", dir, "--format", "sarif", "--output", "lint.sarif"]);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /3 errors, 0 warnings: sarif report written to lint\.sarif/);
    const sarif = JSON.parse(readFileSync(join(dir, "lint.sarif"), "utf8"));
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId).sort(), ["csp-case-mixup", "csp-on-tool", "csp-undeclared-origin"]);
  });

  test("--format github prints one annotation per problem, pointing at the source", async () => {
    const dir = project("lint/f4-csp");
    const result = await cli(["lint", "-C", dir, "--format", "github"]);
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^::error file=server\/index\.ts,line=\d+,col=\d+,title=chatgpt-app lint%3A csp-on-tool \(tool show_map\)::/m);
  });

  test("--dump then --file: the same report", async () => {
    const dir = project("lint/f11-widget-calls");
    const first = await cli(["lint", "-C", dir, "--format", "json", "--dump", "snap.json"]);
    assert.ok(existsSync(join(dir, "snap.json")));
    const second = await cli(["lint", "-C", dir, "--format", "json", "--file", "snap.json"]);
    assert.equal(second.code, first.code);
    const strip = (text: string) => ({ ...JSON.parse(text), target: "" });
    assert.deepEqual(strip(second.stdout), strip(first.stdout));
  });

  test("--baseline: a widget whose HTML changed at the same URI is an error; a versioned one is not", async () => {
    const dir = project("lint/f7-stale-template");
    assert.equal((await cli(["lint", "-C", dir, "--dump", "published.json"])).code, 1);
    const server = join(dir, "server", "index.ts");
    writeFileSync(server, readFileSync(server, "utf8").replace("main-abc123.js", "main-def456.js"));
    const changed = await cli(["lint", "-C", dir, "--baseline", "published.json", "--format", "json"]);
    const ids = JSON.parse(changed.stdout).diagnostics.map((d: { ruleId: string }) => d.ruleId);
    assert.ok(ids.includes("template-changed-same-uri"), ids.join(", "));
    const clean = project("lint/clean");
    assert.equal((await cli(["lint", "-C", clean, "--dump", "published.json"])).code, 0);
    writeFileSync(join(clean, "widgets", "pizza", "index.ts"), 'document.body.textContent = "a new pizza";\n');
    const versioned = await cli(["lint", "-C", clean, "--baseline", "published.json"]);
    assert.equal(versioned.code, 0, versioned.stdout);
  });

  test("could not lint: exit 2 with a clear message", async () => {
    const empty = project("lint/clean");
    const cases: Array<[string[], RegExp]> = [
      [["lint", "-C", empty, "--file", "nope.json"], /Cannot read .*nope\.json/],
      [["lint", "-C", empty, "--file", "package.json"], /is not a chatgpt-app lint snapshot/],
      [["lint", "-C", empty, "--file", "a.json", "--url", "http://127.0.0.1:1/mcp"], /--file cannot be combined with --url/],
      [["lint", "-C", empty, "--url", "ftp://example.com/mcp"], /--url must be http:\/\/ or https:\/\//],
      [["lint", "-C", empty, "--url", "http://127.0.0.1:1/mcp", "--header", "no colon"], /--header "no colon" is not "Name: value"/],
      [["lint", "-C", empty, "--command", "exit 3"], /The server command `exit 3` did not answer MCP over stdio/],
      [["lint", "-C", project("broken-widget", { "server/index.ts": APP })], /Cannot lint: widget "\w+" does not build/],
      [["lint", "-C", project("lint/clean", { "server/index.ts": "export default 1;" })], /must be an app/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
  });

  test("--list-rules lists every rule with its severities", async () => {
    const text = await cli(["lint", "--list-rules"]);
    assert.equal(text.code, 0);
    for (const rule of ALL_RULES) assert.match(text.stdout, new RegExp(`^${rule.id} `, "m"));
    assert.match(text.stdout, /^missing-csp +warn\/error /m);
    const json = JSON.parse((await cli(["lint", "--list-rules", "--format", "json"])).stdout);
    assert.equal(json.length, ALL_RULES.length);
  });

  test("the real binary: --help names the targets and formats; colour is off under NO_COLOR", async () => {
    const help = await runCli(["lint", "--help"]);
    assert.equal(help.code, 0);
    for (const flag of ["--url", "--header", "--command", "--file", "--dump", "--format", "--output", "--max-warnings", "--preset", "--rule"]) assert.ok(help.stdout.includes(flag), flag);
    const dir = project("lint/f4-csp");
    const result = await runCli(["lint"], { cwd: dir });
    assert.equal(result.code, 1);
    assert.doesNotMatch(result.stdout, /\x1b\[/);
  });
});
