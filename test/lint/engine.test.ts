import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ALL_RULES } from "../../src/lint/all-rules.js";
import { collectSnapshot } from "../../src/lint/collect.js";
import { buildModel, snapshotOf } from "../../src/lint/model.js";
import { formatMessage, runRules, RuleCrashError } from "../../src/lint/run-rules.js";
import { resolveSeverities } from "../../src/lint/settings.js";
import { defineRule } from "../../src/lint/types.js";
import { app, cleanTool, URI, widget } from "./rule-tester.js";

describe("severities: presets, config and the command line", () => {
  test("recommended keeps defaults; submission raises the review-related warnings to errors", () => {
    const recommended = resolveSeverities(ALL_RULES, { preset: "recommended" });
    const submission = resolveSeverities(ALL_RULES, { preset: "submission" });
    for (const id of ["missing-csp", "missing-widget-domain", "localhost-in-widget", "csp-frame-domains", "description-steering", "missing-output-schema"]) {
      assert.equal(recommended.get(id), "warn", id);
      assert.equal(submission.get(id), "error", id);
    }
    assert.equal(submission.get("legacy-skybridge-mime"), "warn", "not review-related: stays a warning");
    // Off by default, on for review: a template's placeholder domain is fine while you build.
    assert.equal(recommended.has("placeholder-domain"), false);
    assert.equal(submission.get("placeholder-domain"), "error");
    assert.equal(recommended.size, ALL_RULES.filter((r) => r.severity !== "off").length);
    assert.equal(submission.size, ALL_RULES.length);
  });

  test("config rules override the preset, and --rule overrides the config; off removes the rule", () => {
    const severities = resolveSeverities(ALL_RULES, {
      preset: "submission",
      configRules: { "missing-csp": "off", "missing-title": "error", "missing-widget-domain": "warn" },
      cliRules: { "missing-title": "off", "missing-widget-domain": "error" },
    });
    assert.equal(severities.has("missing-csp"), false);
    assert.equal(severities.has("missing-title"), false);
    assert.equal(severities.get("missing-widget-domain"), "error");
  });

  test("an unknown rule id is a config error (exit 2) that suggests the closest rule", () => {
    assert.throws(
      () => resolveSeverities(ALL_RULES, { preset: "recommended", configRules: { "missing-security-scheme": "off" } }),
      (error: Error & { code?: string; exitCode?: number; hint?: string }) =>
        error.code === "config_invalid" && error.exitCode === 2 && /lint\.rules/.test(error.message) && /missing-security-schemes/.test(error.hint ?? ""),
    );
    assert.throws(() => resolveSeverities(ALL_RULES, { preset: "recommended", cliRules: { nope: "off" } }), /--rule: there is no lint rule "nope"/);
  });
});

describe("running rules", () => {
  test("diagnostics: rule id, severity, message, subject, pointer, docs URL; sorted by tool then severity", () => {
    const snapshot = snapshotOf({ ...widget(), tools: [cleanTool({ name: "b", title: undefined, securitySchemes: undefined, _meta: {} }), cleanTool({ name: "a", description: "" })] });
    const diagnostics = runRules(snapshot, ALL_RULES, resolveSeverities(ALL_RULES, { preset: "recommended" }));
    assert.deepEqual(
      diagnostics.map((d) => [d.subject.kind === "tool" ? d.subject.name : "?", d.severity, d.ruleId, d.pointer]),
      [
        ["b", "warn", "missing-security-schemes", ""],
        ["b", "warn", "missing-title", "/title"],
        ["a", "error", "missing-description", "/description"],
      ],
    );
    assert.equal(diagnostics[0]!.docsUrl, "https://github.com/chatgpt-app/chatgpt-app/blob/main/docs/rules/missing-security-schemes.md");
  });

  test("a warn-only message stays a warning even when its rule is set to error", () => {
    const diagnostics = runRules(snapshotOf({ tools: [{ name: "x".repeat(70) }] }), ALL_RULES.filter((r) => r.id === "tool-name-invalid"), new Map([["tool-name-invalid", "error"]]));
    assert.deepEqual(diagnostics.map((d) => d.severity), ["warn"]);
  });

  test("a rule that crashes is named (a bug to report), not swallowed", () => {
    const broken = defineRule({
      id: "broken",
      severity: "error",
      messages: { m: "m" },
      docs: { description: "", why: "", fix: "", examples: { fail: {}, pass: {} } },
      create: () => ({ tool: () => { throw new TypeError("oops"); } }),
    });
    assert.throws(() => runRules(snapshotOf(app()), [broken], new Map([["broken", "error"]])), (e: unknown) => e instanceof RuleCrashError && e.ruleId === "broken");
  });

  test("placeholders: filled from data; an unknown one stays visible", () => {
    assert.equal(formatMessage("Tool {tool} is {n} long; {missing}", { tool: "a", n: 3 }), "Tool a is 3 long; {missing}");
  });

  test("the model merges list entries and reads by URI, and knows which tools render each", () => {
    const model = buildModel(snapshotOf(app()));
    assert.equal(model.resources.length, 1);
    const [resource] = model.resources;
    assert.equal(resource!.uri, URI);
    assert.ok(resource!.listEntry && resource!.contents && resource!.html?.includes("<!doctype html>"));
    assert.deepEqual(resource!.referencedBy.map((t) => t.name), ["show_map"]);
  });

  test("a base64 blob is read as HTML", () => {
    const html = '<!doctype html><script src="https://cdn.example.com/x.js"></script>';
    const model = buildModel(snapshotOf({ reads: { [URI]: { contents: [{ uri: URI, blob: Buffer.from(html).toString("base64") }] } } }));
    assert.equal(model.resources[0]!.html, html);
  });
});

describe("collecting a snapshot", () => {
  test("follows pagination, stops on a repeated cursor, and reads every UI resource (listed or only named by a tool)", async () => {
    const calls: string[] = [];
    const pages: Record<string, Record<string, unknown>> = {
      "tools/list:": { tools: [{ name: "a", _meta: { ui: { resourceUri: "ui://widget/a-v1.html" } } }], nextCursor: "p2" },
      "tools/list:p2": { tools: [{ name: "b", _meta: { "openai/outputTemplate": "ui://widget/unlisted-v1.html" } }], nextCursor: "p3" },
      "tools/list:p3": { tools: [null], nextCursor: "p2" },
      "resources/list:": { resources: [{ uri: "ui://widget/a-v1.html" }], nextCursor: "r2" },
      "resources/list:r2": { resources: [{ uri: "file:///notes.txt", mimeType: "text/plain" }, { uri: "https://x.example.com/page", mimeType: "text/html" }] },
    };
    const snapshot = await collectSnapshot({
      request: async (method, params = {}) => {
        calls.push(`${method}:${(params.cursor as string) ?? (params.uri as string) ?? ""}`);
        if (method === "resources/templates/list") throw new Error("Method not found");
        if (method === "resources/read") {
          if (params.uri === "ui://widget/unlisted-v1.html") throw new Error("Resource not found");
          return { contents: [{ uri: params.uri, text: "<!doctype html>" }] };
        }
        return pages[`${method}:${(params.cursor as string) ?? ""}`]!;
      },
      capabilities: { tools: {}, resources: {} },
      serverInfo: { name: "s", version: "1" },
      instructions: "Hi.",
      target: "test",
    });
    assert.deepEqual(snapshot.tools.map((t) => (t as { name?: string } | null)?.name ?? null), ["a", "b", null]);
    assert.equal(snapshot.resources.length, 3);
    assert.deepEqual(snapshot.resourceTemplates, []);
    assert.deepEqual(Object.keys(snapshot.reads), ["ui://widget/a-v1.html", "ui://widget/unlisted-v1.html", "https://x.example.com/page"]);
    assert.equal(snapshot.reads["ui://widget/unlisted-v1.html"]!.error, "Resource not found");
    assert.deepEqual(snapshot.server, { name: "s", version: "1", instructions: "Hi." });
    assert.equal(calls.filter((c) => c.startsWith("tools/list")).length, 3, "the repeated cursor p2 is not followed again");
  });

  test("a list result without its array cannot be linted (exit 2)", async () => {
    await assert.rejects(
      collectSnapshot({ request: async () => ({ tools: "none" }), capabilities: { tools: {} }, serverInfo: undefined, instructions: undefined, target: "t" }),
      (error: Error & { code?: string; exitCode?: number }) => error.code === "lint_bad_response" && error.exitCode === 2,
    );
  });
});
