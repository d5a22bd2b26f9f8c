import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";
// @ts-expect-error: a plain .mjs script without types
import { CONFORMANCE_BIN, ensureConformanceSuite, ensureNode22 } from "../external/install-conformance.mjs";

const execFileAsync = promisify(execFile);

/**
 * The official MCP conformance suite (pinned in test/external/conformance), under Node 22,
 * against `start` and `dev` of the react template, in both protocol eras: every scenario that
 * applies to an app server. Not run, because they test the suite's own reference server (tools,
 * resources and prompts named `test_*`, `test://…`) that an app does not have: the
 * `tools-call-*` content scenarios, `completion-complete`, `resources-read-*`,
 * `resources-templates-read`, `prompts-*`, `logging-set-level` and `resources-(un)subscribe`
 * (capabilities an app does not declare), the sampling and elicitation scenarios, every
 * `input-required-result-*` but `unsupported-methods` (their tools return input requests),
 * `http-custom-header-server-validation` (no template tool declares `x-mcp-header`),
 * `tools-call-error` (it calls the suite's `test_error_handling` tool; an app without it rightly
 * answers the unknown tool with a protocol error — our own tests cover a throwing handler's `isError`),
 * `server-sse-polling` (its tool closes the stream mid-call), and the extensions (tasks, skills).
 */
const SCENARIOS: Record<"2025-11-25" | "2026-07-28", string[]> = {
  "2025-11-25": ["server-initialize", "server-session-lifecycle", "ping", "tools-list", "server-sse-multiple-streams", "resources-list", "dns-rebinding-protection"],
  "2026-07-28": [
    "server-stateless",
    "tools-list",
    "resources-list",
    "sep-2164-resource-not-found",
    "caching",
    "http-header-validation",
    "server-sse-multiple-streams",
    "dns-rebinding-protection",
    "input-required-result-unsupported-methods",
  ],
};

/** Checks inside the scenarios above that need the suite's own fixture, with why. */
const NOT_APPLICABLE: Record<string, string> = {
  "sep-2575-server-rejects-undeclared-capability": "calls the suite's diagnostic tool test_missing_capability",
  "sep-2575-missing-capability-http-400": "calls the suite's diagnostic tool test_missing_capability",
  "sep-2575-server-sends-tools-list-changed-on-subscription": "changes the tool list through a tool of the suite's fixture (our own test reloads the app instead)",
  "sep-2575-http-server-no-independent-requests-on-stream": "needs the suite's diagnostic tool test_streaming_elicitation",
  "sep-2575-server-no-log-without-loglevel": "needs the suite's diagnostic tool that logs",
  "sep-2549-prompts-list-caching-hints": "the template declares no prompts, so prompts/list is rightly -32601",
};

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

async function runScenario(node: string, url: string, version: string, scenario: string, outDir: string): Promise<Check[]> {
  const dir = join(outDir, `${version}-${scenario}`);
  await execFileAsync(node, [CONFORMANCE_BIN, "server", "--url", url, "--scenario", scenario, "--spec-version", version, "-o", dir], {
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { code?: number }) => {
    // A scenario with failing checks exits 1; the checks are judged below.
    if (typeof error.code !== "number") throw error;
  });
  const [run] = readdirSync(dir);
  assert.ok(run, `the suite wrote no results for ${scenario}`);
  return JSON.parse(readFileSync(join(dir, run, "checks.json"), "utf8")) as Check[];
}

/** A TypeScript template as init writes it, its packages linked from this repo. */
function templateProject(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-conformance-"));
  cpSync(join(REPO_ROOT, "templates", template), dir, { recursive: true });
  for (const file of ["package.json", "server/index.ts", "chatgpt-app.config.ts"]) {
    const path = join(dir, file);
    writeFileSync(path, readFileSync(path, "utf8").replace(/%%PROJECT_SLUG%%|%%PROJECT_NAME%%/g, "conformance-app").replace(/%%[A-Z_]+%%/g, "0.1.0"));
  }
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  symlinkSync(REPO_ROOT, join(modules, "chatgpt-app"), "dir");
  for (const name of ["@modelcontextprotocol", "zod", "react", "react-dom"]) symlinkSync(join(REPO_ROOT, "node_modules", name), join(modules, name), "dir");
  return dir;
}

const node = ensureNode22() as { bin?: string; reason?: string };

for (const template of ["react", "vanilla"]) describe(`the MCP conformance suite against the ${template} template, both eras`, { skip: node.reason ? `Node 22 is needed: ${node.reason}` : false, concurrency: false }, () => {
  let project: string;
  let outDir: string;
  before(async () => {
    ensureConformanceSuite();
    project = templateProject(template);
    outDir = mkdtempSync(join(tmpdir(), "chatgpt-app-conformance-results-"));
    const built = await runCli(["build"], { cwd: project });
    assert.equal(built.code, 0, built.stderr);
  });
  after(() => {
    if (project) rmSync(project, { recursive: true, force: true });
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  for (const command of ["start", "dev"] as const) {
    test(`${command}: every applicable scenario passes at 2025-11-25 and at 2026-07-28`, { timeout: 600_000 }, async () => {
      const args = command === "start" ? ["start", "--port", "0"] : ["dev", "--port", "0", "--no-tunnel"];
      const server: Spawned = spawnCli(args, { cwd: project });
      try {
        const [url] = (await server.waitForStdout(/http:\/\/127\.0\.0\.1:\d+\/mcp/, 60_000)) as RegExpMatchArray;
        const problems: string[] = [];
        let passed = 0;
        for (const [version, scenarios] of Object.entries(SCENARIOS)) {
          for (const scenario of scenarios) {
            const checks = await runScenario(node.bin!, url!, version, scenario, join(outDir, command));
            assert.ok(checks.length > 0, `${scenario} ran no check`);
            for (const check of checks) {
              if (check.status === "SUCCESS") passed += 1;
              else if (!["INFO", "SKIPPED"].includes(check.status) && !NOT_APPLICABLE[check.id]) {
                problems.push(`${version} ${scenario} ${check.id}: ${check.status} ${check.errorMessage ?? ""}`);
              }
            }
          }
        }
        assert.deepEqual(problems, [], `${command}: conformance checks that fail`);
        assert.ok(passed >= 70, `only ${passed} checks passed`);
      } finally {
        server.kill();
        await server.exited;
      }
    });
  }
});
