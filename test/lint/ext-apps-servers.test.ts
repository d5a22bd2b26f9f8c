import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli, killTree } from "../helpers/cli.js";
import { waitFor } from "../helpers/mcp.js";
// @ts-expect-error: a plain .mjs script without types
import { ensureExtAppsServers, pinnedServers, SERVERS_DIR } from "../external/install-ext-apps-servers.mjs";

/**
 * The official MCP Apps example servers (ext-apps), installed from npm at pinned versions and
 * served over Streamable HTTP as their READMEs say (`PORT=… node dist/index.js`, `/mcp`), each
 * linted with `--url`. Every finding below is one a careful reader of their tools/list and
 * widget HTML would make; anything else lint reports is a rule that is wrong.
 *
 * What all eight have in common: no tool sets any annotation (so `missing-annotations` is true
 * and an error: review blocks it), no tool declares securitySchemes on a server without OAuth
 * (a warning: the inherited default is no auth), no resource sets a widget domain, and every
 * `ui://` URI is fixed (`ui://<name>/mcp-app.html`, no hash). Their widgets call tools through
 * the MCP Apps bridge (`callServerTool`), never `window.openai.callTool`, so visibility left to
 * the MCP Apps default is right; their bundles contain `new URL("https://github.com/cfworker")`,
 * which loads nothing.
 */
const COMMON_RESOURCE = ["warn missing-widget-domain", "warn template-uri-unversioned"];
const plainTool = ["error missing-annotations", "warn missing-security-schemes"];

const EXPECTED: Record<string, { why: string; findings: Record<string, string[]> }> = {
  "@modelcontextprotocol/server-basic-react": {
    why: "get-time returns only text content and has no outputSchema; the widget declares no CSP (it needs none, but ChatGPT asks for one)",
    findings: {
      "tool:get-time": [...plainTool, "warn missing-output-schema"],
      "resource:ui://get-time/mcp-app.html": ["warn missing-csp", ...COMMON_RESOURCE],
    },
  },
  "@modelcontextprotocol/server-basic-vanillajs": {
    why: "like basic-react, but get-time declares an outputSchema",
    findings: { "tool:get-time": plainTool, "resource:ui://get-time/mcp-app.html": ["warn missing-csp", ...COMMON_RESOURCE] },
  },
  "@modelcontextprotocol/server-budget-allocator": {
    why: "get-budget-data has an outputSchema; the Chart.js widget is bundled (no CDN) and declares no CSP",
    findings: {
      "tool:get-budget-data": plainTool,
      "resource:ui://budget-allocator/mcp-app.html": ["warn missing-csp", ...COMMON_RESOURCE],
    },
  },
  "@modelcontextprotocol/server-map": {
    why: "CesiumJS and OpenStreetMap tiles load from origins its CSP declares (so no csp finding); show-map renders without an outputSchema; geocode renders nothing",
    findings: {
      "tool:show-map": [...plainTool, "warn missing-output-schema"],
      "tool:geocode": plainTool,
      "resource:ui://cesium-map/mcp-app.html": COMMON_RESOURCE,
    },
  },
  "@modelcontextprotocol/server-pdf": {
    why: "list_pdfs has no title; read_pdf_bytes and save_pdf are app-only tools (visibility [\"app\"]) on a server that has a widget; the viewer's CSP declares unpkg.com",
    findings: {
      "tool:list_pdfs": [...plainTool, "warn missing-title"],
      "tool:read_pdf_bytes": plainTool,
      "tool:display_pdf": plainTool,
      "tool:save_pdf": plainTool,
      "resource:ui://pdf-viewer/mcp-app.html": COMMON_RESOURCE,
    },
  },
  "@modelcontextprotocol/server-system-monitor": {
    why: "poll-system-stats is app-only (the widget polls it); both tools have outputSchemas; no CSP",
    findings: {
      "tool:get-system-info": plainTool,
      "tool:poll-system-stats": plainTool,
      "resource:ui://system-monitor/mcp-app.html": ["warn missing-csp", ...COMMON_RESOURCE],
    },
  },
  "@modelcontextprotocol/server-threejs": {
    why: "three.js is bundled into the widget; learn_threejs renders nothing, so it needs no outputSchema",
    findings: {
      "tool:show_threejs_scene": plainTool,
      "tool:learn_threejs": plainTool,
      "resource:ui://threejs/mcp-app.html": ["warn missing-csp", ...COMMON_RESOURCE],
    },
  },
  "@modelcontextprotocol/server-video-resource": {
    why: "the videos are videos:// resources (video/mp4, not widgets) read through the bridge, so no CSP entry is needed for them",
    findings: {
      "tool:play_video": plainTool,
      "resource:ui://video-player/mcp-app.html": ["warn missing-csp", ...COMMON_RESOURCE],
    },
  },
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Served {
  child: ChildProcess;
  url: string;
}

/** Starts a server's own bin over HTTP on a free port, retrying if another test took the port first. */
async function serve(name: string): Promise<Served> {
  const dir = join(SERVERS_DIR, "node_modules", name);
  const bin = Object.values(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).bin as Record<string, string>)[0]!;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawn(process.execPath, [join(dir, bin)], { cwd: dir, env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let out = "";
    let exited = false;
    child.stdout!.on("data", (d) => (out += d));
    child.stderr!.on("data", (d) => (out += d));
    child.on("exit", () => (exited = true));
    try {
      await waitFor(() => exited || /listening on/i.test(out) || undefined, 30_000);
    } catch (error) {
      killTree(child);
      throw error;
    }
    if (!exited) return { child, url: `http://127.0.0.1:${port}/mcp` };
    if (attempt === 3) throw new Error(`${name} did not start:\n${out}`);
  }
}

describe("lint --url on the official MCP Apps example servers", { timeout: 600_000 }, () => {
  before(() => ensureExtAppsServers(), { timeout: 300_000 });

  test("eight servers are pinned to exact versions", () => {
    const pinned = pinnedServers() as Record<string, string>;
    assert.deepEqual(Object.keys(pinned).sort(), Object.keys(EXPECTED).sort());
    for (const [name, version] of Object.entries(pinned)) assert.match(version, /^\d+\.\d+\.\d+$/, name);
  });

  for (const [name, { why, findings }] of Object.entries(EXPECTED)) {
    describe(name, () => {
      let served: Served | undefined;
      before(async () => {
        served = await serve(name);
      });
      after(() => {
        if (served) killTree(served.child);
      });

      test(`reports exactly what a careful reader expects (${why})`, async () => {
        const result = await runCli(["lint", "--url", served!.url, "--format", "json"], { timeoutMs: 120_000 });
        assert.equal(result.code, 1, result.stderr);
        const report = JSON.parse(result.stdout) as { diagnostics: Array<{ ruleId: string; severity: string; subject: { kind: string; name?: string; uri?: string } }> };
        const got: Record<string, string[]> = {};
        for (const d of report.diagnostics) {
          const key = d.subject.kind === "tool" ? `tool:${d.subject.name}` : d.subject.kind === "resource" ? `resource:${d.subject.uri}` : "server";
          (got[key] ??= []).push(`${d.severity} ${d.ruleId}`);
        }
        const sorted = (r: Record<string, string[]>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
        assert.deepEqual(sorted(got), sorted(findings));
      });
    });
  }
});
