import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createDependencyPrebundle } from "../../src/dev/dependency-prebundle.js";
import { AppReloader } from "../../src/dev/app-reload.js";
import { resolveConfig } from "../../src/config/load-config.js";
import { buildWidgets, createWidgetBundler, type WidgetResult } from "../../src/widgets/bundle.js";
import { runCli } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";

const WIDGET = 'import confetti from "not-installed-confetti";\nimport { readFileSync } from "node:fs";\nconsole.log(confetti, readFileSync);\n';
const TOOLS = '// the tools\nimport pad from "not-installed-pad/sub";\n\nexport const padded = () => pad;\n';

function messageOf(results: WidgetResult[]): string {
  const failure = results.find((r) => !r.ok);
  assert.ok(failure && !failure.ok, "the widget fails");
  return failure.failure.message;
}

/** A package that is not installed is named with the command that installs it, in the user's file. */
describe("a missing package", () => {
  let project: TempProject;

  before(() => {
    project = tempProject(undefined, {
      "package.json": '{ "type": "module" }\n',
      "server/index.ts": 'import { defineApp } from "chatgpt-app/server";\nimport { padded } from "./tools.js";\n\nexport default defineApp({ name: "missing", setup() { padded(); } });\n',
      "server/tools.ts": TOOLS,
      "widgets/w/index.ts": WIDGET,
    });
  });

  after(() => project?.remove());

  test("imported by a widget: build and dev say npm install, and keep Node's modules on the server", async () => {
    const widgetsDir = `${project.dir}/widgets`;
    const built = messageOf(await buildWidgets({ root: project.dir, widgetsDir, minify: true }));
    const bundler = createWidgetBundler({ root: project.dir, widgetsDir, minify: false, plugins: [createDependencyPrebundle(project.dir).plugin] });
    let dev: string;
    try {
      dev = messageOf(await bundler.buildAll());
    } finally {
      await bundler.close();
    }
    for (const message of [built, dev]) {
      assert.match(message, /widgets\/w\/index\.ts:1:\d+/);
      assert.match(message, /Install it: npm install not-installed-confetti/);
      assert.match(message, /"node:fs" is a Node\.js module, and widgets run in the browser/);
      assert.doesNotMatch(message, /as external|platform: 'node'/);
    }
  });

  test("imported by the server: dev, lint and build name the user's file and line, not a file of ours", async () => {
    const reloader = new AppReloader(resolveConfig(project.dir, undefined, {}));
    let outcome;
    try {
      outcome = await reloader.load(async () => undefined);
    } finally {
      await reloader.close();
    }
    assert.equal(outcome.kind, "failed");
    assert.ok(outcome.kind === "failed");
    assert.deepEqual(outcome.problem.location, { file: "server/tools.ts", line: 2, column: 17 });
    assert.match(outcome.problem.message, /^server\/tools\.ts:2:17: Cannot find package "not-installed-pad".*npm install not-installed-pad/);
    assert.match(outcome.problem.message, /> 2 │ import pad from "not-installed-pad\/sub";/, "a code frame of the user's line");

    project.write("widgets/w/index.ts", 'document.title = "w";\n');
    for (const command of ["lint", "build"]) {
      const r = await runCli([command], { cwd: project.dir });
      assert.notEqual(r.code, 0, command);
      assert.match(r.stderr, /server\/tools\.ts:2:17: Cannot find package "not-installed-pad".*npm install not-installed-pad/, command);
      assert.doesNotMatch(r.stderr, /\.chatgpt-app|\.staging-|server-\d+/, `${command} names no file of ours`);
    }
  });
});
