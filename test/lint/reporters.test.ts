import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import AjvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { ALL_RULES } from "../../src/lint/all-rules.js";
import { snapshotOf } from "../../src/lint/model.js";
import { formatGithub } from "../../src/lint/reporters/github.js";
import { formatJson } from "../../src/lint/reporters/json.js";
import { formatPretty } from "../../src/lint/reporters/pretty.js";
import { formatSarif } from "../../src/lint/reporters/sarif.js";
import type { LintResult } from "../../src/lint/reporters/types.js";
import type { SnapshotInput } from "../../src/lint/types.js";
import { runRules } from "../../src/lint/run-rules.js";
import { resolveSeverities } from "../../src/lint/settings.js";
import { app, cleanTool, widget } from "./rule-tester.js";

const require = createRequire(import.meta.url);

/** The SARIF 2.1.0 schema as published (draft-04), from @microsoft/jest-sarif. */
function sarifValidator(): ((data: unknown) => boolean) & { errors?: unknown } {
  const schema = JSON.parse(readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false, logger: false });
  ajvFormats.default(ajv);
  return ajv.compile(schema);
}

/** One error (no annotations) with a source line, one warning (no title) without. */
function resultOf(input: SnapshotInput = { ...widget(), tools: [cleanTool({ annotations: undefined, title: undefined })] }): LintResult {
  const diagnostics = runRules(snapshotOf(input, "project ."), ALL_RULES, resolveSeverities(ALL_RULES, { preset: "recommended" }));
  if (diagnostics[0]) diagnostics[0].source = { file: "server/index.ts", line: 12, column: 5 };
  return { target: "project .", preset: "recommended", diagnostics, counts: { tools: 1, resources: 1 }, rules: ALL_RULES, version: "9.9.9" };
}

describe("reporters", () => {
  test("sarif: validates against the SARIF 2.1.0 JSON schema, with every rule and its help URI", () => {
    const validate = sarifValidator();
    for (const result of [resultOf(), resultOf(app())]) {
      const sarif = JSON.parse(formatSarif(result));
      assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
      const driver = sarif.runs[0].tool.driver;
      assert.equal(driver.rules.length, ALL_RULES.length);
      for (const rule of driver.rules) assert.equal(rule.helpUri, `https://github.com/chatgpt-app/chatgpt-app/blob/main/docs/rules/${rule.id}.md`);
    }
    const sarif = JSON.parse(formatSarif(resultOf()));
    const [first] = sarif.runs[0].results;
    assert.equal(first.level, "error");
    assert.deepEqual(first.locations[0].physicalLocation, { artifactLocation: { uri: "server/index.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 12, startColumn: 5 } });
    assert.equal(first.locations[0].logicalLocations[0].fullyQualifiedName, "tools/show_map");
    assert.equal(sarif.runs[0].tool.driver.rules[first.ruleIndex].id, first.ruleId);
  });

  test("sarif: a result without a source location still validates (url and command targets)", () => {
    const result = resultOf();
    for (const d of result.diagnostics) delete d.source;
    const validate = sarifValidator();
    assert.ok(validate(JSON.parse(formatSarif(result))), JSON.stringify(validate.errors));
  });

  test("the schema check can fail: a wrong level is rejected", () => {
    const sarif = JSON.parse(formatSarif(resultOf()));
    sarif.runs[0].results[0].level = "warn";
    assert.equal(sarifValidator()(sarif), false);
  });

  test("github: one workflow command per diagnostic, escaped, with file and line when known", () => {
    const result = resultOf();
    result.diagnostics[0]!.message = "50% done\nnext line";
    const lines = formatGithub(result).trimEnd().split("\n");
    assert.equal(lines.length, result.diagnostics.length + 1);
    assert.equal(
      lines[0],
      "::error file=server/index.ts,line=12,col=5,title=chatgpt-app lint%3A missing-annotations (tool show_map)::50%25 done%0Anext line https://github.com/chatgpt-app/chatgpt-app/blob/main/docs/rules/missing-annotations.md",
    );
    assert.match(lines[1]!, /^::warning title=chatgpt-app lint%3A missing-title \(tool show_map\)::/);
    assert.match(lines.at(-1)!, /^chatgpt-app lint: 1 error, 1 warning in project \.$/);
  });

  test("json: stable and documented: no timings, the same input gives the same bytes", () => {
    const a = formatJson(resultOf());
    assert.equal(a, formatJson(resultOf()));
    const report = JSON.parse(a);
    assert.deepEqual(Object.keys(report), ["reportVersion", "tool", "target", "preset", "era", "summary", "diagnostics"]);
    assert.deepEqual(Object.keys(report.diagnostics[0]), ["ruleId", "severity", "message", "subject", "pointer", "docsUrl", "source"]);
    assert.deepEqual(report.diagnostics[0].subject, { kind: "tool", name: "show_map" });
    assert.equal(report.diagnostics[1].source, null);
  });

  test("pretty: grouped by subject with its source, a summary line; a clean run says so", () => {
    const text = formatPretty(resultOf());
    assert.match(text, /^tool show_map {2}server\/index\.ts:12:5\n {2}✖ error {2}Tool "show_map" does not set readOnlyHint/);
    assert.match(text, /missing-annotations at \/annotations {2}https:\/\/github\.com\/chatgpt-app\/chatgpt-app\/blob\/main\/docs\/rules\/missing-annotations\.md/);
    assert.match(text, /✖ 1 error, 1 warning, 0 info in 1 tool and 1 resource of project \. \(recommended rules\)\.\n$/);
    assert.equal(formatPretty(resultOf(app())), "✔ No problems in 1 tool and 1 resource of project . (recommended rules).\n");
  });
});
