import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseHosts } from "../../src/lint/hosts.js";
import { runRules } from "../../src/lint/run-rules.js";
import { buildModel, snapshotOf } from "../../src/lint/model.js";
import type { Diagnostic, LintEra, Rule, SnapshotInput } from "../../src/lint/types.js";

/** One diagnostic an invalid case expects; `messageId` is checked by the compiler against the rule's `messages`. */
export interface ExpectedError<M extends string = string> {
  messageId: M;
  /** `tool:<name>`, `resource:<uri>` or `server`. */
  subject?: string;
  pointer?: string;
  severity?: "error" | "warn" | "info";
  /** Text the message must contain. */
  includes?: string;
}

export interface InvalidCase<M extends string = string> {
  name?: string;
  snapshot: SnapshotInput;
  /** The clients judged for (`--era`); default 2025. */
  era?: LintEra;
  errors: ExpectedError<M>[];
}

export interface ValidCase {
  name?: string;
  snapshot: SnapshotInput;
  era?: LintEra;
}

export interface RuleCases<M extends string = string> {
  valid: ValidCase[];
  invalid: InvalidCase<M>[];
}

/** What is wrong with a rule's cases: none at all, or an expected messageId the rule does not have. */
export function problemsWithCases<M extends string>(rule: Rule<M>, cases: RuleCases<NoInfer<M>>): string[] {
  const problems: string[] = [];
  if (cases.valid.length === 0) problems.push(`${rule.id}: no valid cases`);
  if (cases.invalid.length === 0) problems.push(`${rule.id}: no invalid cases`);
  for (const c of cases.invalid) {
    if (c.errors.length === 0) problems.push(`${rule.id}: invalid case "${c.name ?? "?"}" expects no errors`);
    for (const e of c.errors) {
      if (!Object.hasOwn(rule.messages, e.messageId)) problems.push(`${rule.id}: unknown messageId "${e.messageId}" in case "${c.name ?? "?"}"`);
    }
  }
  const used = new Set<string>(cases.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
  for (const id of Object.keys(rule.messages)) if (!used.has(id)) problems.push(`${rule.id}: messageId "${id}" has no invalid case`);
  return problems;
}

export function subjectOf(d: Diagnostic): string {
  return d.subject.kind === "tool" ? `tool:${d.subject.name}` : d.subject.kind === "resource" ? `resource:${d.subject.uri}` : "server";
}

/** Runs one rule alone, at its default severity (a rule off by default, at its submission one). */
export function runRule(rule: Rule, snapshot: SnapshotInput, era?: LintEra): Diagnostic[] {
  return reportsOf(rule, snapshot, era).map((r) => r.diagnostic);
}

/** What one rule alone reports, each diagnostic with the `messageId` its `report()` named, in output order. */
export function reportsOf<M extends string>(rule: Rule<M>, snapshot: SnapshotInput, era?: LintEra): Array<{ diagnostic: Diagnostic; messageId: M }> {
  const severity = rule.severity === "off" ? (rule.submission ?? "error") : rule.severity;
  const ids = new Map<Diagnostic, M>();
  // The rule's `report()` only accepts its own ids, so what comes back is an M.
  const onReport = (diagnostic: Diagnostic, messageId: string) => ids.set(diagnostic, messageId as M);
  // A per-host rule's case names the hosts `--host` would (and the server URL it judges with).
  const judge = { hosts: parseHosts(snapshot.hosts ?? []), serverUrl: snapshot.serverUrl };
  return runRules(buildModel(snapshotOf(snapshot), { era }), [rule], new Map([[rule.id, severity]]), { ...judge, onReport }).map((diagnostic) => ({
    diagnostic,
    messageId: ids.get(diagnostic)!,
  }));
}

function label(c: { name?: string; snapshot: SnapshotInput; era?: LintEra }, i: number): string {
  return `${c.name ?? `#${i + 1} ${JSON.stringify(c.snapshot).slice(0, 80)}`}${c.era ? ` (--era ${c.era})` : ""}`;
}

/**
 * Registers a rule's tests: its cases must be well-formed, every valid case (and the
 * docs' passing example) reports nothing, every invalid case (and the failing example)
 * reports exactly the expected messageIds, in order.
 */
export function ruleTester<M extends string>(rule: Rule<M>, cases: RuleCases<NoInfer<M>>): void {
  describe(`rule ${rule.id}`, () => {
    test("has valid and invalid cases, with known messageIds, covering every message", () => {
      assert.deepEqual(problemsWithCases(rule, cases), []);
    });
    const valid = [...cases.valid, { name: "docs passing example", snapshot: rule.docs.examples.pass }];
    valid.forEach((c, i) => {
      test(`valid: ${label(c, i)}`, () => {
        const found = runRule(rule, c.snapshot, c.era);
        assert.deepEqual(found.map((d) => `${d.ruleId}/${subjectOf(d)}: ${d.message}`), []);
      });
    });
    cases.invalid.forEach((c, i) => {
      test(`invalid: ${label(c, i)}`, () => {
        const reports = reportsOf(rule, c.snapshot, c.era);
        const found = reports.map((r) => r.diagnostic);
        assert.deepEqual(reports.map((r) => r.messageId), c.errors.map((e) => e.messageId), found.map((d) => d.message).join("\n"));
        c.errors.forEach((e, j) => {
          const d = found[j]!;
          assert.equal(d.ruleId, rule.id);
          assert.equal(d.docsUrl, `https://github.com/chatgpt-app/chatgpt-app/blob/main/docs/rules/${rule.id}.md`);
          if (e.subject !== undefined) assert.equal(subjectOf(d), e.subject);
          if (e.pointer !== undefined) assert.equal(d.pointer, e.pointer);
          if (e.severity !== undefined) assert.equal(d.severity, e.severity);
          if (e.includes !== undefined) assert.ok(d.message.includes(e.includes), `"${d.message}" should include "${e.includes}"`);
          assert.doesNotMatch(d.message, /\{\w+\}/, "every placeholder is filled");
        });
      });
    });
    test("docs failing example: reports", () => {
      assert.ok(runRule(rule, rule.docs.examples.fail).length > 0, "the failing example in the docs must fail");
    });
  });
}

// Builders for short cases: a tool and a widget that pass every rule, to override one key at a time.

export const URI = "ui://widget/map-3f9a1c2b7d4e.html";
export const MIME = "text/html;profile=mcp-app";
export const HTML = '<!doctype html>\n<html><head><meta charset="utf-8"></head><body><div id="root"></div><script type="module">console.log(1)</script></body></html>';

export function cleanTool(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "show_map",
    title: "Show map",
    description: "Use this when the user wants to see pizzerias on a map.",
    inputSchema: { type: "object", properties: {} },
    outputSchema: { type: "object", properties: { pins: { type: "array" } } },
    annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
    securitySchemes: [{ type: "noauth" }],
    _meta: {
      ui: { resourceUri: URI, visibility: ["model", "app"] },
      "openai/outputTemplate": URI,
      "openai/widgetAccessible": true,
      securitySchemes: [{ type: "noauth" }],
    },
    ...overrides,
  };
}

export function cleanMeta(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ui: { csp: { connectDomains: [], resourceDomains: [] } },
    "openai/widgetCSP": { connect_domains: [], resource_domains: [] },
    "openai/widgetDomain": "https://maps.pizzaz-demo.app",
    ...overrides,
  };
}

/** A widget resource, listed and readable, with the given contents overrides. */
export function widget(contents: Record<string, unknown> = {}, list: Record<string, unknown> = {}, uri = URI): SnapshotInput {
  return {
    resources: [{ uri, name: "map", mimeType: MIME, _meta: cleanMeta(), ...list }],
    reads: { [uri]: { contents: [{ uri, mimeType: MIME, text: HTML, _meta: cleanMeta(), ...contents }] } },
  };
}

/** A clean tool rendering a clean widget, with overrides on each. */
export function app(tool: Record<string, unknown> = {}, contents: Record<string, unknown> = {}, list: Record<string, unknown> = {}): SnapshotInput {
  return { tools: [cleanTool(tool)], ...widget(contents, list) };
}
