import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { expectedUiDomain, parseHosts, serverUrlFor } from "../../src/lint/hosts.js";
import { CLAUDE_UI_DOMAIN, claudeWidgetDomain, HOST_PROFILES } from "../../src/preview/hosts/index.js";
import { runCli } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { linkReact } from "../preview/preview-harness.js";
import { lintProject } from "./lint-fixtures.js";

interface JsonReport {
  preset: string;
  diagnostics: Array<{ ruleId: string; severity: string; subject: { name?: string; uri?: string }; host?: string }>;
  hosts?: Array<{ host: string; verdict: string; errors: number; warnings: number }>;
}

describe("lint's knowledge of the hosts", () => {
  test("judges with the preview's host profiles themselves, every one of them", () => {
    const ids = ["chatgpt", "claude", "vscode", "goose", "mcp-apps"];
    assert.deepEqual(HOST_PROFILES.map((h) => h.id), ids);
    parseHosts(ids).forEach((host, i) => assert.equal(host, HOST_PROFILES[i]));
    assert.deepEqual(HOST_PROFILES.filter((h) => !h.advertisesUi).map((h) => h.id), ["claude", "vscode"]);
    assert.deepEqual(HOST_PROFILES.filter((h) => h.uiDomain).map((h) => h.id), ["claude"]);
  });

  test("--host ids: in order, once each, unknown ones refused with the list", () => {
    assert.deepEqual(parseHosts(" Claude,chatgpt,claude ").map((h) => h.id), ["claude", "chatgpt"]);
    assert.throws(() => parseHosts("netscape"), /there is no host "netscape"/);
  });

  test("Claude's ui.domain is the first 32 hex digits of the server URL's SHA-256, the same in lint as in the preview", async () => {
    // Computed independently: printf %s https://example.com/mcp | sha256sum
    assert.equal(expectedUiDomain(CLAUDE_UI_DOMAIN, "https://example.com/mcp"), "c3d80a4ed901ee05b21755a88273b4a4.claudemcpcontent.com");
    assert.equal(await claudeWidgetDomain("https://example.com/mcp"), "c3d80a4ed901ee05b21755a88273b4a4.claudemcpcontent.com");
    assert.equal(serverUrlFor(undefined, { BASE_URL: "https://app.example.com" }), "https://app.example.com/mcp");
    assert.equal(serverUrlFor(undefined, { BASE_URL: "https://example.com/apps/pizza/" }), "https://example.com/apps/pizza/mcp");
    assert.equal(serverUrlFor("https://x.example/mcp", { BASE_URL: "https://y.example" }), "https://x.example/mcp");
    assert.equal(serverUrlFor(undefined, {}), undefined);
  });
});

describe("chatgpt-app lint --host", () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((p) => p.remove()));
  const project = (fixture: string) => {
    const p = fixture.startsWith("lint/") ? lintProject(fixture.slice("lint/".length)) : tempProject(fixture);
    linkReact(p.dir);
    projects.push(p);
    return p.dir;
  };
  const lintJson = async (dir: string, flags: string[], env: Record<string, string> = {}) => {
    const run = await runCli(["lint", "--format", "json", ...flags], { cwd: dir, env });
    return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
  };
  const hostFindings = (report: JsonReport) => report.diagnostics.filter((d) => d.host).map((d) => `${d.ruleId} ${d.host} ${d.severity} ${d.subject.name ?? d.subject.uri?.replace(/-[0-9a-f]+\.html$/, "")}`);

  test("a window.openai-only widget is broken under Claude and VS Code, works under ChatGPT; follow-ups degrade under Claude", async () => {
    const dir = project("preview-app");
    const { code, report } = await lintJson(dir, ["--host", "chatgpt,claude,vscode"]);
    assert.equal(code, 1);
    const found = hostFindings(report);
    assert.ok(found.includes("host-window-openai-only claude error ui://widget/legacy"), found.join("\n"));
    assert.ok(found.includes("host-window-openai-only vscode error ui://widget/legacy"), found.join("\n"));
    assert.ok(found.includes("host-follow-up-prefill claude warn ui://widget/legacy"), found.join("\n"));
    assert.ok(!found.some((f) => f.includes(" chatgpt ")), found.join("\n"));
    assert.deepEqual(report.hosts?.map((h) => `${h.host} ${h.verdict}`), ["chatgpt works", "claude broken", "vscode broken"]);

    const plain = await lintJson(dir, []);
    assert.equal(plain.code, code);
    assert.equal(plain.report.hosts, undefined);
    assert.deepEqual(hostFindings(plain.report), []);
    assert.ok(!plain.report.diagnostics.some((d) => d.ruleId.startsWith("host-")));
    // The per-host layer only adds findings: the others are the same with and without it.
    const others = (r: JsonReport) => r.diagnostics.filter((d) => !d.ruleId.startsWith("host-")).map((d) => d.ruleId);
    assert.deepEqual(others(report), others(plain.report));
  });

  test("a tool listed only to MCP Apps clients is missing under the hosts that do not advertise it; the gating itself is said once", async () => {
    const { code, report, stderr } = await lintJson(project("lint/ui-gated"), ["--host", "chatgpt,claude,vscode"]);
    assert.equal(code, 1, stderr);
    assert.deepEqual(hostFindings(report), ["host-ui-gated-tool claude error show_status", "host-ui-gated-tool vscode error show_status"]);
    assert.equal(report.diagnostics.filter((d) => d.ruleId === "ui-capability-gating").length, 1);
  });

  test("a ui.domain Claude refuses is widget-domain-cross-host's finding, counted for Claude, not repeated; --preset composes", async () => {
    const dir = project("lint/f12-domain");
    const flags = ["--preset", "submission", "--rule", "widget-domain-cross-host=error"];
    const { code, report } = await lintJson(dir, ["--host", "claude,chatgpt", ...flags], { BASE_URL: "https://pizza.example.com" });
    assert.equal(report.preset, "submission");
    assert.deepEqual(hostFindings(report), ["widget-domain-cross-host claude error ui://widget/map-v1.html"]);
    assert.equal(report.diagnostics.filter((d) => d.ruleId.startsWith("host-widget-domain")).length, 0);
    assert.deepEqual(report.hosts?.map((h) => `${h.host} ${h.verdict}`), ["claude broken", "chatgpt works"]);
    assert.equal(code, (await lintJson(dir, flags)).code);
  });

  test("an unknown host is a usage error (exit 2)", async () => {
    const run = await runCli(["lint", "--host", "chatgpt,netscape"], { cwd: project("lint/ui-gated") });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /there is no host "netscape"[\s\S]*chatgpt, claude, vscode, goose, mcp-apps/);
  });
});
