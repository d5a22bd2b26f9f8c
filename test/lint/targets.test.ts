import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../src/config/load-config.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject } from "../../src/host/project.js";
import { lint, type LintTarget } from "../../src/lint/lint.js";
import type { LintResult } from "../../src/lint/reporters/types.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";
import { lintProject } from "./lint-fixtures.js";

/**
 * One fixture server per common failure class that lint can see, each linted
 * through every kind of target: the same rules fire whichever way lint reaches the server.
 */
const EXPECTED: Record<string, string[]> = {
  clean: [],
  "f1-hidden-tools": ["tool-malformed", "tool-name-invalid", "tool-name-duplicate", "input-schema-root"],
  "f2-no-widget": ["output-template-mismatch", "resource-uri-unresolved", "resource-uri-scheme", "resource-mime-type"],
  "f3-bridge-silent": ["bridge-mime-mismatch", "legacy-skybridge-mime"],
  "f4-csp": ["csp-on-tool", "csp-case-mixup", "csp-undeclared-origin"],
  "f5-cors": ["module-script-cross-origin"],
  "f6-localhost": ["localhost-in-widget"],
  "f7-stale-template": ["template-uri-unversioned", "widget-relative-asset"],
  "f10-oauth": ["missing-security-schemes", "security-schemes-shape"],
  "f11-widget-calls": ["missing-widget-accessible", "visibility-alias-conflict"],
  "f12-domain": ["widget-domain-cross-host"],
  "f13-review": ["missing-annotations", "description-steering", "missing-title", "csp-frame-domains"],
  "f14-output-schema": ["output-schema-root"],
  "ui-gated": ["ui-capability-gating"],
};

const SERVERS = join(REPO_ROOT, "test", "helpers", "lint-servers.mjs");

function fired(result: LintResult): string[] {
  const subject = (d: LintResult["diagnostics"][number]) => (d.subject.kind === "tool" ? d.subject.name : d.subject.kind === "resource" ? d.subject.uri : "server");
  return [...new Set(result.diagnostics.map((d) => `${d.ruleId} ${subject(d)}`))].sort();
}

const ruleIds = (result: LintResult) => new Set(result.diagnostics.map((d) => d.ruleId));

for (const [fixture, expected] of Object.entries(EXPECTED)) {
  describe(`lint fixture ${fixture}`, () => {
    let project: TempProject;
    let http: HttpHandle;
    let fromProject: LintResult;

    before(async () => {
      project = lintProject(fixture);
      const config = await loadConfig(project.dir);
      const { state } = await loadProject(config, { mode: "production" });
      http = await startHttpServer(new Host(state), { port: 0 });
      fromProject = await lint({ cwd: project.dir, target: { kind: "project" }, dump: "snapshot.json" });
    });
    after(async () => {
      await http?.close();
      project?.remove();
    });

    test("project (in process): the expected rules fire, pointing at source", () => {
      for (const id of expected) assert.ok(ruleIds(fromProject).has(id), `${id} should fire; got ${[...ruleIds(fromProject)].join(", ")}`);
      if (expected.length === 0) assert.deepEqual(fired(fromProject), []);
      for (const d of fromProject.diagnostics) {
        assert.ok(d.source, `${d.ruleId} has a source location`);
        assert.ok(existsSync(join(project.dir, d.source.file)), `${d.source.file} exists`);
      }
    });

    const others: Array<[string, () => LintTarget]> = [
      ["url over Streamable HTTP", () => ({ kind: "url", url: `${http.origin}/mcp` })],
      ["url over legacy SSE (fallback)", () => ({ kind: "url", url: `${http.origin}/sse` })],
      ["command over stdio", () => ({ kind: "command", command: `"${process.execPath}" "${SERVERS}" stdio "${project.dir}"` })],
      ["command over HTTP", () => ({ kind: "command", command: `"${process.execPath}" "${SERVERS}" http "${project.dir}" {port}`, url: "http://127.0.0.1:{port}/mcp" })],
      ["file (the project's dump)", () => ({ kind: "file", file: "snapshot.json" })],
    ];
    for (const [name, target] of others) {
      test(`${name}: the same diagnostics as in process`, async () => {
        const result = await lint({ cwd: project.dir, target: target(), timeoutMs: 20_000 });
        if (fixture === "ui-gated" && /HTTP/.test(name) && !name.includes("SSE")) {
          // Over Streamable HTTP this server also speaks 2026-07-28, which lint prefers: no initialize,
          // so a tool registered on initialize is never listed, for UI clients or others.
          assert.deepEqual(fired(result), fired(fromProject).filter((f) => !f.startsWith("ui-capability-gating")));
          return;
        }
        assert.deepEqual(fired(result), fired(fromProject));
        if (name.includes("SSE")) assert.match(result.target, /\(sse\)$/);
        if (name.includes("Streamable")) assert.match(result.target, /\(streamable-http\)$/);
        if (name.startsWith("file")) {
          // The dump kept the source locations, so a later `lint --file` still points at code.
          assert.deepEqual(result.diagnostics.map((d) => d.source), fromProject.diagnostics.map((d) => d.source));
        }
      });
    }
  });
}

describe("lint exit codes through the real binary", () => {
  let clean: TempProject;
  let broken: TempProject;
  let http: HttpHandle;
  before(async () => {
    clean = tempProject("lint/clean");
    broken = lintProject("f4-csp");
    const { state } = await loadProject(await loadConfig(clean.dir), { mode: "production" });
    http = await startHttpServer(new Host(state), { port: 0 });
  });
  after(async () => {
    await http?.close();
    clean?.remove();
    broken?.remove();
  });

  test("a clean fixture exits 0 through every target", async () => {
    const runs: string[][] = [
      ["lint"],
      ["lint", "--url", `${http.origin}/mcp`],
      ["lint", "--url", `${http.origin}/sse`],
      ["lint", "--command", `"${process.execPath}" "${SERVERS}" stdio .`],
      ["lint", "--dump", "snap.json"],
      ["lint", "--file", "snap.json"],
    ];
    for (const args of runs) {
      const result = await runCli(args, { cwd: clean.dir });
      assert.equal(result.code, 0, `${args.join(" ")}\n${result.stdout}${result.stderr}`);
      assert.match(result.stdout, /No problems in 2 tools and 1 resource/);
    }
    assert.equal(JSON.parse(readFileSync(join(clean.dir, "snap.json"), "utf8")).format, "chatgpt-app-lint-snapshot");
  });

  test("a failing fixture exits 1 and names the rules", async () => {
    const result = await runCli(["lint"], { cwd: broken.dir });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /csp-on-tool/);
    assert.match(result.stdout, /server\/index\.ts:\d+:\d+/);
  });
});
