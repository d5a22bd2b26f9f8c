import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { lint } from "../../src/lint/lint.js";
import { formatPretty } from "../../src/lint/reporters/pretty.js";
import { tempProject, type TempProject } from "../helpers/project.js";

/** The clean lint fixture (one widget, "pizza"), with its config written in TypeScript. */
function projectWith(config: string): TempProject {
  const project = tempProject("lint/clean", { "chatgpt-app.config.ts": config });
  rmSync(join(project.dir, "chatgpt-app.config.json"));
  return project;
}

const resourceFindings = async (dir: string) =>
  (await lint({ cwd: dir, target: { kind: "project" } })).diagnostics.filter((d) => d.subject.kind === "resource");

describe("lint of a project: one config mistake is one finding, at the config key that wrote it", () => {
  const projects: TempProject[] = [];
  after(() => projects.forEach((p) => p.remove()));

  test("a CSP entry mirrored into _meta.ui.csp and openai/widgetCSP is reported once, at widgets.csp", async () => {
    const project = projectWith(
      [
        'import { defineConfig } from "chatgpt-app/config";',
        "export default defineConfig({",
        "  widgets: {",
        '    domain: "https://pizza.example.com",',
        "    csp: {",
        '      connectDomains: ["https://api.example.com/v1"],',
        "    },",
        "  },",
        "});",
        "",
      ].join("\n"),
    );
    projects.push(project);
    const found = await resourceFindings(project.dir);
    assert.deepEqual(
      found.map((d) => [d.ruleId, d.pointer, d.source]),
      [["csp-origin-format", "/contents/_meta/ui/csp/connectDomains/0", { file: "chatgpt-app.config.ts", line: 6, column: 7, key: "widgets.csp.connectDomains[0]" }]],
    );
    const text = formatPretty({ target: "project .", preset: "recommended", diagnostics: found, counts: { tools: 1, resources: 1 }, rules: [], version: "0" });
    assert.match(text, /chatgpt-app\.config\.ts:6:7 › widgets\.csp\.connectDomains\[0\]/);
    assert.doesNotMatch(text, /widgets\/pizza\/index\.tsx/);
  });

  test("a value set by a widget's override points at the override; an unset key at where to set it", async () => {
    const project = projectWith(
      [
        "export default {",
        "  widgets: {",
        "    overrides: {",
        '      pizza: { csp: { resourceDomains: ["https://*"] } },',
        "    },",
        "  },",
        "};",
        "",
      ].join("\n"),
    );
    projects.push(project);
    const found = await resourceFindings(project.dir);
    const byRule = Object.fromEntries(found.map((d) => [d.ruleId, d.source]));
    assert.deepEqual(byRule["csp-wildcard"], { file: "chatgpt-app.config.ts", line: 4, column: 23, key: "widgets.overrides.pizza.csp.resourceDomains[0]" });
    assert.deepEqual(byRule["missing-widget-domain"], { file: "chatgpt-app.config.ts", line: 2, column: 3, key: "widgets.domain" });
    assert.equal(found.filter((d) => d.ruleId === "csp-wildcard").length, 1);
  });
});
