import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { DoctorReport } from "../../src/doctor/doctor.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";

/**
 * The official MCP Apps example servers (ext-apps, from npm, pinned), started by doctor's
 * own --command and checked over HTTP as their READMEs serve them (`PORT=… node dist/index.js`).
 * Only the examples whose widgets bundle everything: the others load from public CDNs, and
 * tests reach nothing but loopback.
 *
 * What each one really does: `createMcpExpressApp({ host: "0.0.0.0" })` (the SDK turns
 * DNS-rebinding protection off and only warns) and `cors()` (any Origin), stateless
 * Streamable HTTP on v2 SDK 2.0.0 (no 2026-07-28 yet), widgets without a CSP, tools without
 * annotations (lint's error).
 */
const SERVERS: Record<string, string> = {
  "@modelcontextprotocol/server-basic-react": "2.0.3",
  "@modelcontextprotocol/server-basic-vanillajs": "2.0.3",
  "@modelcontextprotocol/server-budget-allocator": "2.0.3",
  "@modelcontextprotocol/server-system-monitor": "2.0.3",
  "@modelcontextprotocol/server-threejs": "2.0.3",
};
const EXPECTED = ["discover-missing", "host-check-disabled", "lint", "origin-not-checked", "widget-no-csp"];

/** The repository's pinned test-only install when there is one, else the same packages in a temporary folder. */
function installServers(): { dir: string; remove(): void } {
  const shared = join(REPO_ROOT, "test", "external", "ext-apps-servers");
  const installed = (dir: string) => Object.keys(SERVERS).every((name) => existsSync(join(dir, "node_modules", name, "dist", "index.js")));
  if (existsSync(join(REPO_ROOT, "test", "external", "install-ext-apps-servers.mjs"))) {
    spawnSync(process.execPath, [join(REPO_ROOT, "test", "external", "install-ext-apps-servers.mjs")], { stdio: "inherit" });
    if (installed(shared)) return { dir: shared, remove: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-ext-apps-"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ private: true, dependencies: SERVERS }));
  const npm = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, stdio: ["ignore", "inherit", "inherit"] });
  assert.equal(npm.status, 0, "npm install of the ext-apps example servers");
  assert.ok(installed(dir));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("doctor --command on the official ext-apps example servers", () => {
  let servers: { dir: string; remove(): void };
  before(() => {
    servers = installServers();
  });
  after(() => servers?.remove());

  for (const name of Object.keys(SERVERS)) {
    test(name, async () => {
      const entry = join(servers.dir, "node_modules", name, "dist", "index.js");
      const command = `"${process.execPath}" "${entry}"`;
      const result = await runCli(["doctor", "--command", command, "http://127.0.0.1:{port}/mcp", "--format", "json", "--slow-ms", "10000"], { cwd: servers.dir, timeoutMs: 90_000 });
      const report = JSON.parse(result.stdout) as DoctorReport;
      const by = (id: string) => report.checks.find((c) => c.id === id)!;
      const findings = report.checks.filter((c) => c.status === "fail" || c.status === "warn").map((c) => c.id).sort();
      assert.deepEqual(findings, EXPECTED, JSON.stringify(report.checks.filter((c) => c.status !== "pass"), null, 2));
      assert.equal(result.code, 1);
      assert.equal(by("host-check-disabled").status, "fail");
      assert.match(by("lint").details!.join("\n"), /error missing-annotations/);
      for (const id of ["session-required", "get-stream-broken", "cors-preflight", "template-unresolved", "widget-mime", "widget-localhost"]) {
        assert.equal(by(id).status, "pass", `${id}: ${by(id).cause ?? ""}`);
      }
      assert.equal(by("widget-asset-broken").cause, "the widgets load no external assets.");
    });
  }
});
