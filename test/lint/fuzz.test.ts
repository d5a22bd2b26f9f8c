import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import { after, describe, test } from "node:test";
import { ALL_RULES } from "../../src/lint/all-rules.js";
import { lint } from "../../src/lint/lint.js";
import { snapshotOf } from "../../src/lint/model.js";
import { REPORTERS } from "../../src/lint/reporters/index.js";
import { runRules } from "../../src/lint/run-rules.js";
import { resolveSeverities } from "../../src/lint/settings.js";
import type { SnapshotInput } from "../../src/lint/types.js";
import { runCli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";
import { cleanMeta, cleanTool, URI } from "./rule-tester.js";

/** A small seeded generator, so a failure reproduces. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick };
}

const HUGE = "x".repeat(2_000_000);

function junk(r: ReturnType<typeof random>, depth = 0): unknown {
  const leaves = [null, undefined, true, 0, -1, 1e308, Number.NaN, "", "ui://", "https://", "*", HUGE, "<script src=//a>", "{tool}", "__proto__", [], {}];
  if (depth > 3 || r.next() < 0.5) return r.pick(leaves);
  if (r.next() < 0.5) return Array.from({ length: Math.floor(r.next() * 4) }, () => junk(r, depth + 1));
  const keys = ["name", "type", "_meta", "ui", "csp", "uri", "text", "mimeType", "connectDomains", "openai/widgetCSP", "properties", "securitySchemes", "$ref"];
  return Object.fromEntries(Array.from({ length: Math.floor(r.next() * 5) }, () => [r.pick(keys), junk(r, depth + 1)]));
}

/** A tool whose every known key is, in turn, replaced by something of the wrong type. */
function fuzzedSnapshot(seed: number): SnapshotInput {
  const r = random(seed);
  const tools = Array.from({ length: 20 }, () => {
    const tool: Record<string, unknown> = cleanTool();
    const meta = { ...(tool._meta as Record<string, unknown>) };
    for (const key of Object.keys(tool)) if (r.next() < 0.3) tool[key] = junk(r);
    for (const key of Object.keys(meta)) if (r.next() < 0.3) meta[key] = junk(r);
    tool._meta = r.next() < 0.9 ? meta : junk(r);
    return r.next() < 0.9 ? tool : junk(r);
  });
  const contents = { uri: URI, mimeType: r.pick(["text/html;profile=mcp-app", 5, null]), text: r.pick([HUGE, junk(r), "<!doctype html>"]), _meta: r.pick([cleanMeta(), junk(r)]) };
  return {
    tools,
    resources: [junk(r), { uri: URI, name: "m", _meta: junk(r) }, { uri: junk(r) }] as unknown[],
    reads: { [URI]: { contents: r.pick([[contents], junk(r)]) as unknown }, "ui://other": junk(r) as never },
    server: r.pick([{ instructions: HUGE }, { instructions: junk(r) as string }, {}]),
  };
}

const severities = resolveSeverities(ALL_RULES, { preset: "submission" });

function lintAndReport(input: SnapshotInput): number {
  const diagnostics = runRules(snapshotOf(input), ALL_RULES, severities);
  const result = { target: "fuzz", preset: "submission" as const, diagnostics, counts: { tools: 0, resources: 0 }, rules: ALL_RULES, version: "0" };
  for (const format of Object.values(REPORTERS)) assert.equal(typeof format(result), "string");
  for (const d of diagnostics) assert.ok(d.message.length < 5_000, `${d.ruleId} keeps its message short`);
  return diagnostics.length;
}

describe("fuzzed tools/list payloads never crash the linter", () => {
  test("wrong types and huge strings, 200 seeds", () => {
    let total = 0;
    for (let seed = 1; seed <= 200; seed++) total += lintAndReport(fuzzedSnapshot(seed));
    assert.ok(total > 0, "the junk was noticed");
  });

  test("top-level garbage where arrays and objects belong", () => {
    for (const value of [null, 7, "tools", {}, [null], [[]]]) {
      lintAndReport({ tools: value as unknown[], resources: value as unknown[], reads: value as never, server: value as never });
    }
  });

  test("self-referencing schemas: $ref cycles and real object cycles", () => {
    const cyclic: Record<string, unknown> = { type: "object", properties: {} };
    (cyclic.properties as Record<string, unknown>).self = cyclic;
    const meta: Record<string, unknown> = { ui: { resourceUri: URI } };
    meta.self = meta;
    const tools = [
      cleanTool({ inputSchema: { $ref: "#", type: "object", properties: { a: { $ref: "#" } } } }),
      cleanTool({ name: "cyclic", inputSchema: cyclic, outputSchema: cyclic, _meta: { ...meta, "openai/fileParams": ["self"], securitySchemes: [cyclic] } }),
    ];
    tools.push(cleanTool({ name: "mirror", securitySchemes: [cyclic], _meta: { securitySchemes: [cyclic] } }));
    assert.ok(lintAndReport({ tools }) > 0);
  });

  test("ten thousand tools", () => {
    const tools = Array.from({ length: 10_000 }, (_, i) => cleanTool({ name: `tool_${i % 9_000}` }));
    const diagnostics = runRules(snapshotOf({ tools }), ALL_RULES, severities);
    assert.equal(diagnostics.filter((d) => d.ruleId === "tool-name-duplicate").length, 1_000);
  });

  test("end to end: a server whose tools/list is ten thousand junk entries is linted, not crashed on", async () => {
    const project = tempProject(undefined, {
      "package.json": '{ "type": "module" }',
      "server/index.ts": `
import { ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { defineApp } from "chatgpt-app/server";
const junk = [null, 1, "x", [], { name: 5 }, { name: "a", inputSchema: "no" }, { name: "b", _meta: { ui: { resourceUri: 7 } } }];
const tools = Array.from({ length: 10000 }, (_, i) => junk[i % junk.length]);
export default defineApp({
  name: "junk",
  setup(server) {
    server.server.registerCapabilities({ tools: {} });
    server.server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools }) as never);
  },
});`,
    });
    try {
      const result = await lint({ cwd: project.dir, target: { kind: "project" } });
      assert.equal(result.counts.tools, 10_000);
      assert.ok(result.diagnostics.some((d) => d.ruleId === "tool-malformed"));
      const cli = await runCli(["lint", "--format", "json"], { cwd: project.dir });
      assert.equal(cli.code, 1, cli.stderr);
      assert.equal(JSON.parse(cli.stdout).summary.tools, 10_000);
    } finally {
      project.remove();
    }
  });
});

describe("a server lint cannot reach exits 2", () => {
  const servers: Server[] = [];
  after(() => servers.forEach((s) => s.close()));

  test("connection refused: exit 2 with what to check", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runCli(["lint", "--url", `http://127.0.0.1:${port}/mcp`, "--timeout", "5000"]);
    assert.equal(result.code, 2, result.stderr);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, /Could not lint http:\/\/127\.0\.0\.1:\d+\/mcp: ECONNREFUSED/);
    assert.match(result.stderr, /hint: Check the URL/);
  });

  test("a server that accepts and never answers: exit 2 when --timeout runs out", async () => {
    const silent = createServer(() => undefined); // holds every connection open, says nothing
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    const result = await runCli(["lint", "--url", `http://127.0.0.1:${port}/mcp`, "--timeout", "1500"], { timeoutMs: 30_000 });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /Timed out after 1500 ms linting http:\/\/127\.0\.0\.1:\d+\/mcp/);
    // Well inside the test's own limit: it gave up because of --timeout, not because it was killed.
    assert.ok(Date.now() - started < 20_000);
  });
});
