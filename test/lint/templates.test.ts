import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { loadConfig } from "../../src/config/load-config.js";
import { writeBuild } from "../../src/host/build-output.js";
import { lint } from "../../src/lint/lint.js";
import { TEMPLATES } from "../../src/scaffold/templates.js";
import { templateVenv } from "../dev/python-venv.js";
import { runInitInProcess, tempDir } from "../init/harness.js";
import { REPO_ROOT } from "../helpers/project.js";

/** What a new project gets from `init`, linked to this repo instead of installed. */
const LINKED = ["@modelcontextprotocol", "zod", "react", "react-dom"];

describe("every template lints clean", () => {
  const dirs: Array<() => void> = [];
  after(() => dirs.forEach((remove) => remove()));

  // Each template on its default line; the python template on mcp 1.x too (--sdk 1).
  const cases = [...TEMPLATES.map((t) => ({ template: t.name, sdk: "2" })), { template: "python", sdk: "1" }];
  for (const { template, sdk } of cases) {
    test(`${template}${sdk === "1" ? " --sdk 1" : ""}: no errors, no warnings, no infos`, { timeout: 900_000 }, async () => {
      const { dir, remove } = tempDir("chatgpt-app-lint-template-");
      dirs.push(remove);
      const init = await runInitInProcess("app", { template, sdk, yes: true, install: false, git: false } as never, { cwd: dir });
      assert.equal(init.code, 0, init.stderr);
      const project = join(dir, "app");
      mkdirSync(join(project, "node_modules"), { recursive: true });
      symlinkSync(REPO_ROOT, join(project, "node_modules", "chatgpt-app"));
      for (const name of LINKED) symlinkSync(join(REPO_ROOT, "node_modules", name), join(project, "node_modules", name));

      const python = template === "python";
      if (python) {
        // The Python template is linted as its users lint it: build the widgets, start its
        // server (server.command), lint over HTTP, stop it. Its requirements come from a venv
        // made once per requirements file (init's own install is tested in test/init).
        symlinkSync(templateVenv(join(project, "requirements.txt")), join(project, ".venv"), "dir");
        await writeBuild(await loadConfig(project), "test");
      }
      const result = await lint({ cwd: project, target: { kind: "project" }, timeoutMs: 60_000 });
      assert.match(result.target, python ? /^command .*\(http:\/\/127\.0\.0\.1:\d+\/mcp \(streamable-http\)\)$/ : /^project /);
      assert.ok(result.counts.tools > 0 && result.counts.resources > 0, "the template has tools and widgets to lint");
      assert.deepEqual(result.diagnostics.map((d) => `${d.severity} ${d.ruleId}: ${d.message}`), []);
      if (python) return;

      // The template's widget domain is a placeholder: fine while building, an error for review.
      const submission = await lint({ cwd: project, target: { kind: "project" }, preset: "submission", timeoutMs: 60_000 });
      assert.ok(submission.diagnostics.length > 0, "submission finds the placeholder domain");
      for (const d of submission.diagnostics) {
        assert.equal(`${d.severity} ${d.ruleId}`, "error placeholder-domain", d.message);
        assert.match(d.message, /sets openai\/widgetDomain to https:\/\/app\.example\.com, a reserved placeholder name/);
        assert.deepEqual(d.source && [d.source.file, d.source.key], ["chatgpt-app.config.ts", "widgets.domain"]);
      }
    });
  }
});
