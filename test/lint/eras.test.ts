// lint --url against a server of each protocol era, over real HTTP: a 2026-07-28-only server
// (the v2 SDK refusing 2025), a 2025-only server (the v1 SDK, which knows no server/discover)
// and a legacy HTTP+SSE-only one. Each is linted in the era it speaks, with the same findings.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { lint } from "../../src/lint/lint.js";
import { LintRun } from "../../src/lint/lint-run.js";
import type { LintSnapshot } from "../../src/lint/types.js";
import { startEraServer, WIDGET_URI, type Era, type EraServer } from "../helpers/era-servers.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";

const ERAS: Array<{ era: Era; protocolVersion: string; transport: RegExp }> = [
  { era: "2026", protocolVersion: "2026-07-28", transport: /\(streamable-http\)$/ },
  { era: "2025", protocolVersion: "2025-11-25", transport: /\(streamable-http\)$/ },
  { era: "sse", protocolVersion: "2025-11-25", transport: /\(sse\)$/ },
];

let project: TempProject;
before(() => {
  project = tempProject("lint/clean");
});
after(() => project?.remove());

for (const { era, protocolVersion, transport } of ERAS) {
  describe(`lint --url of a ${era === "sse" ? "legacy SSE" : `${era}-era`}-only server`, () => {
    let server: EraServer;
    before(async () => {
      server = await startEraServer(era);
    });
    after(() => server?.close());

    test("collects every tool and widget in the era the server speaks, with the same findings as the others", async () => {
      const result = await lint({ cwd: project.dir, target: { kind: "url", url: server.url }, dump: `${era}.json`, timeoutMs: 20_000 });
      const snapshot = JSON.parse(readFileSync(join(project.dir, `${era}.json`), "utf8")) as LintSnapshot;
      assert.match(snapshot.target, transport);
      assert.equal(snapshot.server.protocolVersion, protocolVersion);
      assert.deepEqual(
        snapshot.tools.map((t) => (t as { name: string }).name),
        ["draw_card"],
      );
      assert.equal((snapshot.reads[WIDGET_URI]?.contents as Array<{ mimeType: string }>)[0]?.mimeType, "text/html;profile=mcp-app");
      assert.equal(snapshot.server.uiGatedTools, undefined, "the plain client saw the same tools");
      // The one thing the servers leave out on purpose (no SDK writes a tool's top-level securitySchemes).
      assert.deepEqual(
        result.diagnostics.map((d) => `${d.ruleId} ${JSON.stringify(d.subject)}`),
        ['missing-security-schemes {"kind":"tool","name":"draw_card"}'],
      );
      assert.deepEqual(result.counts, { tools: 1, resources: 1 });

      const methods = server.requests.map((r) => r.method);
      if (era === "2026") {
        assert.ok(!methods.includes("initialize"), `a 2026-era server gets no initialize: ${methods.join(", ")}`);
        for (const r of server.requests) {
          assert.equal(r.protocolVersion, "2026-07-28", `${r.method} carries the version header`);
          assert.equal(r.mcpMethod, r.method, `${r.method} carries Mcp-Method`);
        }
        const read = server.requests.find((r) => r.method === "resources/read");
        assert.equal(read?.mcpName, WIDGET_URI, "resources/read carries Mcp-Name");
      } else {
        assert.ok(methods.includes("initialize"), "a 2025-era server is initialized");
        assert.equal(methods[0], "server/discover", "after one server/discover that it does not answer as a 2026 server");
      }
    });
  });
}

describe("lint --url of a 2025-era server that fails on server/discover (HTTP 500)", () => {
  test("is linted over initialize all the same", async () => {
    const server = await startEraServer("2025", { discoverFails: true });
    try {
      const result = await lint({ cwd: project.dir, target: { kind: "url", url: server.url }, timeoutMs: 20_000 });
      assert.deepEqual(result.counts, { tools: 1, resources: 1 });
      assert.deepEqual(result.diagnostics.map((d) => d.ruleId), ["missing-security-schemes"]);
      assert.deepEqual(server.requests.slice(0, 2).map((r) => r.method), ["server/discover", "initialize"]);
    } finally {
      await server.close();
    }
  });
});

describe("lint of a 2026-only server stays within the run", () => {
  test("a deadline that passes while the server holds server/discover names what lint was waiting for", async () => {
    const held = await startEraServer("2026", {}, async (req, _res, url) => url.pathname === "/mcp" && req.method === "POST");
    try {
      const run = new LintRun({ timeoutMs: 700 });
      await assert.rejects(lint({ cwd: project.dir, target: { kind: "url", url: held.url }, run }), (error: Error & { code?: string }) => {
        assert.equal(error.code, "lint_timeout");
        assert.match(error.message, /waiting for the answer to server\/discover or initialize/);
        return true;
      });
      run.close();
    } finally {
      await held.close();
    }
  });

  test("an answer over the size limit on the 2026 path stops at the limit", async () => {
    const big = await startEraServer("2026", { inputProperties: { padding: { type: "string", description: "x".repeat(300_000) } } });
    try {
      await assert.rejects(
        lint({ cwd: project.dir, target: { kind: "url", url: big.url }, limits: { responseBytes: 100_000, totalBytes: 10_000_000, items: 1000, pages: 10 }, timeoutMs: 20_000 }),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, "lint_response_too_large");
          assert.match(error.message, /tools\/list/);
          return true;
        },
      );
    } finally {
      await big.close();
    }
  });
});

describe("lint --command of a 2025-era stdio server that never answers server/discover", () => {
  let silent: TempProject;
  before(() => {
    silent = tempProject("lint/clean", {
      "silent.mjs": `
import { createInterface } from "node:readline";
const send = (m) => process.stdout.write(JSON.stringify(m) + "\\n");
const tool = { name: "draw_card", title: "Draw card", description: "Draws a card. Use it when the user asks for a card.", inputSchema: { type: "object" },
  annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false, idempotentHint: true }, securitySchemes: [{ type: "noauth" }], _meta: { securitySchemes: [{ type: "noauth" }] } };
createInterface({ input: process.stdin }).on("line", (line) => {
  const m = JSON.parse(line);
  if (m.method === "initialize") send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: m.params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: "silent", version: "1" } } });
  if (m.method === "tools/list") send({ jsonrpc: "2.0", id: m.id, result: { tools: [tool] } });
});
`,
    });
  });
  after(() => silent?.remove());

  test("is linted after a short wait for the probe, not the whole deadline", async () => {
    const result = await lint({ cwd: silent.dir, target: { kind: "command", command: `"${process.execPath}" silent.mjs` }, dump: "silent.json", timeoutMs: 20_000 });
    const snapshot = JSON.parse(readFileSync(join(silent.dir, "silent.json"), "utf8")) as LintSnapshot;
    assert.equal(snapshot.server.protocolVersion, "2025-11-25");
    assert.deepEqual(snapshot.tools.map((t) => (t as { name: string }).name), ["draw_card"]);
    assert.deepEqual(result.diagnostics.map((d) => d.ruleId), []);
  });
});

describe("lint --era: rules whose truth depends on the era, over HTTP from a 2026-only server", () => {
  let server: EraServer;
  before(async () => {
    server = await startEraServer("2026", {
      outputSchema: { type: "array", items: { type: "string" } },
      inputProperties: { lat: { type: "number", "x-mcp-header": "Lat" } },
    });
  });
  after(() => server?.close());

  const findings = async (era?: "2025" | "2026") => {
    const result = await lint({ cwd: project.dir, target: { kind: "url", url: server.url }, era, timeoutMs: 20_000 });
    return result.diagnostics.filter((d) => d.ruleId !== "missing-security-schemes").map((d) => `${d.severity} ${d.ruleId}`);
  };

  test("by default lint judges as ChatGPT does today (2025): the array root is an error, the bad header a warning", async () => {
    assert.deepEqual(await findings(), ["error output-schema-root", "warn x-mcp-header-invalid"]);
  });

  test("--era 2026 accepts the array root, and the header that makes 2026-era clients drop the tool is an error", async () => {
    assert.deepEqual(await findings("2026"), ["error x-mcp-header-invalid"]);
  });

  test("the tool lint reports is the one a 2026-era SDK client drops", async () => {
    const { Client, StreamableHTTPClientTransport } = await import("@modelcontextprotocol/client");
    const client = new Client({ name: "t", version: "1" }, { versionNegotiation: { mode: "auto" } });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      assert.deepEqual((await client.listTools()).tools, [], "the SDK client hides draw_card");
    } finally {
      console.warn = warn;
      await client.close();
    }
  });

  test("the report says which clients it judged for", async () => {
    const pretty = await runCli(["lint", "--url", server.url, "--era", "2026"], { cwd: project.dir });
    assert.equal(pretty.code, 1, pretty.stderr);
    assert.match(pretty.stdout, /\(recommended rules, judged for 2026-era clients\)\.\n$/);
    const json = await runCli(["lint", "--url", server.url, "--format", "json"], { cwd: project.dir });
    assert.equal(JSON.parse(json.stdout).era, "2025");
  });

  test("an unknown --era is a usage error", async () => {
    const result = await runCli(["lint", "--era", "2024"], { cwd: project.dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /--era.*2025.*2026/s);
  });
});

describe("lint --command of a 2026-only stdio server (the v2 SDK refusing initialize)", () => {
  test("is linted in the 2026 era", async () => {
    const script = join(REPO_ROOT, "test", "helpers", "era-stdio-2026.mjs");
    const result = await lint({ cwd: project.dir, target: { kind: "command", command: `"${process.execPath}" "${script}"` }, dump: "stdio-2026.json", timeoutMs: 20_000 });
    const snapshot = JSON.parse(readFileSync(join(project.dir, "stdio-2026.json"), "utf8")) as LintSnapshot;
    assert.equal(snapshot.server.protocolVersion, "2026-07-28");
    assert.equal(snapshot.server.name, "era-2026-stdio");
    assert.deepEqual(snapshot.tools.map((t) => (t as { name: string }).name), ["draw_card"]);
    assert.deepEqual(result.diagnostics.map((d) => d.ruleId), ["security-schemes-dropped"]);
  });
});
