import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { ALL_RULES } from "../../src/lint/all-rules.js";
import { defineRule } from "../../src/lint/types.js";
import { REPO_ROOT } from "../helpers/project.js";
import { app, problemsWithCases, reportsOf, runRule } from "./rule-tester.js";

const RULES_DIR = join(REPO_ROOT, "src", "lint", "rules");
const TESTS_DIR = join(REPO_ROOT, "test", "lint", "rules");

describe("the rule set", () => {
  test("one file per rule: file name = rule id = test file name, and every file is registered", () => {
    const files = readdirSync(RULES_DIR).map((f) => f.replace(/\.ts$/, "")).sort();
    assert.deepEqual(ALL_RULES.map((r) => r.id).sort(), files);
    for (const rule of ALL_RULES) assert.ok(existsSync(join(TESTS_DIR, `${rule.id}.test.ts`)), `test/lint/rules/${rule.id}.test.ts exists`);
    assert.equal(new Set(ALL_RULES.map((r) => r.id)).size, ALL_RULES.length, "ids are unique");
  });

  test("every rule has docs: an id, a description, why and how to fix", () => {
    for (const rule of ALL_RULES) {
      assert.match(rule.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const key of ["description", "why", "fix"] as const) assert.ok(rule.docs[key].length > 10, `${rule.id} docs.${key}`);
    }
  });

  test("docs/rules has exactly one page per rule, each generated from the rule as it is now", async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { expectedDocs, RULES_DIR } = await import("../../scripts/lint-docs.mjs");
    const { files, orphans } = expectedDocs(ALL_RULES) as { files: Map<string, string>; orphans: string[] };
    const pages = readdirSync(RULES_DIR as string).sort();
    assert.deepEqual(pages, ALL_RULES.map((r) => `${r.id}.md`).sort(), "one page per rule, and no page without a rule");
    assert.deepEqual(orphans, []);
    for (const [path, text] of files) {
      assert.equal(readFileSync(path, "utf8"), text, `${path} is out of date: run \`node scripts/build.mjs && node scripts/lint-docs.mjs\``);
    }
  });

  test("the generator finds a page that drifted, a rule without a page and a page without a rule", async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { expectedDocs, renderRulePage, RULES_DIR } = await import("../../scripts/lint-docs.mjs");
    const [first, ...rest] = ALL_RULES;
    const changed = { ...first!, docs: { ...first!.docs, fix: `${first!.docs.fix} Changed.` } };
    assert.notEqual(renderRulePage(changed), readFileSync(join(RULES_DIR as string, `${first!.id}.md`), "utf8"));
    const renamed = { ...first!, id: "no-such-rule-yet" };
    const { files, orphans } = expectedDocs([renamed, ...rest]) as { files: Map<string, string>; orphans: string[] };
    assert.ok(!existsSync([...files.keys()][0]!), "the new rule's page does not exist yet");
    assert.deepEqual(orphans, [join(RULES_DIR as string, `${first!.id}.md`)]);
  });

  test("the two rules users ask for by name are errors by default", () => {
    const byId = new Map(ALL_RULES.map((r) => [r.id, r]));
    assert.equal(byId.get("missing-security-schemes")?.severity, "error");
    assert.equal(byId.get("missing-widget-accessible")?.severity, "error");
  });

  test("a tool and widget written as the platform docs recommend pass every rule", () => {
    for (const rule of ALL_RULES) assert.deepEqual(runRule(rule, app()).map((d) => d.message), [], rule.id);
  });
});

describe("the rule tester itself", () => {
  const rule = defineRule({
    id: "example-rule",
    severity: "warn",
    messages: { one: "One {tool}.", two: "Two." },
    docs: { description: "d", why: "w", fix: "f", examples: { fail: {}, pass: {} } },
    create: () => ({}),
  });

  test("a rule without cases fails", () => {
    assert.deepEqual(problemsWithCases(rule, { valid: [], invalid: [] }), [
      "example-rule: no valid cases",
      "example-rule: no invalid cases",
      'example-rule: messageId "one" has no invalid case',
      'example-rule: messageId "two" has no invalid case',
    ]);
  });

  test("an unknown messageId fails", () => {
    const problems = problemsWithCases(rule, {
      valid: [{ snapshot: {} }],
      // @ts-expect-error: the compiler refuses a messageId the rule does not have
      invalid: [{ name: "typo", snapshot: {}, errors: [{ messageId: "one" }, { messageId: "two" }, { messageId: "tree" }] }],
    });
    assert.deepEqual(problems, ['example-rule: unknown messageId "tree" in case "typo"']);
  });

  test("the tester compares the messageId the rule reported, not its text", () => {
    const twins = defineRule({
      id: "twin-messages",
      severity: "error",
      messages: { first: "Same words for {tool}.", second: "Same words for {tool}." },
      docs: { description: "d", why: "w", fix: "f", examples: { fail: {}, pass: {} } },
      create: (context) => ({ tool: () => context.report({ messageId: "second" }) }),
    });
    const reports = reportsOf(twins, app());
    assert.deepEqual(reports.map((r) => [r.messageId, r.diagnostic.message]), [["second", "Same words for show_map."]]);
  });

  test("an invalid case expecting nothing fails", () => {
    const problems = problemsWithCases(rule, { valid: [{ snapshot: {} }], invalid: [{ name: "empty", snapshot: {}, errors: [] }, { snapshot: {}, errors: [{ messageId: "one" }, { messageId: "two" }] }] });
    assert.deepEqual(problems, ['example-rule: invalid case "empty" expects no errors']);
  });
});
