import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildWidgets, createWidgetBundler, type BuiltWidget } from "../../src/widgets/bundle.js";
import { discoverWidgets } from "../../src/widgets/discover.js";
import { escapeInlineScript, inlineDocument, widgetNameFromUri } from "../../src/widgets/html.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { runCli } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";

describe("widget bundling", () => {
  let project: TempProject;
  let browser: BrowserHandle;
  before(async () => {
    project = tempProject("broken-widget");
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    project?.remove();
  });

  test("a syntax error is reported with file, line and column while the other widgets build", async () => {
    const results = await buildWidgets({ root: project.dir, widgetsDir: `${project.dir}/widgets`, minify: true });
    assert.deepEqual(
      results.map((r) => [r.ok ? r.widget.name : r.failure.name, r.ok]),
      [["broken", false], ["good", true], ["script-breakout", true]],
    );
    const broken = results.find((r) => !r.ok)!;
    assert.ok(!broken.ok);
    assert.deepEqual(broken.failure.location, { file: "widgets/broken/index.ts", line: 2, column: 20 });
    assert.match(broken.failure.message, /widgets\/broken\/index\.ts:2:\d+/);
    assert.match(broken.failure.message, /ok \+\* 2/, "the message carries a code frame");
  });

  test("code containing </script> still renders intact in Chromium", async () => {
    const results = await buildWidgets({ root: project.dir, widgetsDir: `${project.dir}/widgets`, minify: true });
    const widget = results.flatMap((r) => (r.ok && r.widget.name === "script-breakout" ? [r.widget] : []))[0] as BuiltWidget;
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent(widget.html);
    await page.waitForSelector("#out");
    assert.equal(await page.title(), "intact");
    assert.equal(await page.evaluate(() => document.scripts.length), 1, "exactly one script element");
    const out = JSON.parse((await page.textContent("#out"))!);
    assert.deepEqual(out, {
      strings: ["</script><script>document.title='broken'</script>", "</SCRIPT >", "<!--<script>", "</style>"],
      pattern: "<\\/script>",
    });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the hash follows the content and an edit rebuilds only that widget", async () => {
    const bundler = createWidgetBundler({ root: project.dir, widgetsDir: `${project.dir}/widgets`, minify: false });
    try {
      const first = await bundler.build("good");
      assert.ok(first.ok);
      const again = await bundler.build("good");
      assert.ok(again.ok);
      assert.equal(again.widget.hash, first.widget.hash, "same content, same hash");
      project.write("widgets/good/index.ts", 'document.getElementById("root")!.textContent = "better widget, longer";\n');
      const edited = await bundler.build("good");
      assert.ok(edited.ok);
      assert.notEqual(edited.widget.hash, first.widget.hash);
      assert.match(edited.widget.uri, new RegExp(`^ui://widget/good-${edited.widget.hash}\\.html$`));
      assert.ok(edited.widget.inputs.some((f) => f.endsWith("widgets/good/index.ts")));
    } finally {
      await bundler.close();
    }
  });

  test("discovery: index.{tsx,ts,jsx,js} folders only, invalid names skipped with a reason", () => {
    const p = tempProject(undefined, {
      "widgets/a/index.tsx": "export {}",
      "widgets/b/index.js": "export {}",
      "widgets/shared/util.ts": "export {}",
      "widgets/bad name/index.ts": "export {}",
    });
    try {
      const found = discoverWidgets(`${p.dir}/widgets`);
      assert.deepEqual(found.widgets.map((w) => w.name), ["a", "b"]);
      assert.equal(found.skipped.length, 1);
      assert.match(found.skipped[0]!.reason, /not a valid widget name/);
      assert.deepEqual(discoverWidgets(`${p.dir}/nowhere`).widgets, []);
    } finally {
      p.remove();
    }
  });

  test("a folder with code but no entry, that no widget imports, is reported by build and lint", async () => {
    const p = tempProject(undefined, {
      "package.json": '{ "type": "module" }\n',
      "server/index.ts": 'import { defineApp } from "chatgpt-app/server";\nexport default defineApp({ name: "folders", setup() {} });\n',
      "widgets/a/index.tsx": 'import { label } from "../common/label";\nimport type { Model } from "../types/model";\nconst m: Model = { n: 1 };\ndocument.title = label + m.n;\n',
      "widgets/common/label.ts": 'export const label = "a";\n',
      "widgets/types/model.ts": "export interface Model { n: number }\n",
      "widgets/notes/README.md": "not code\n",
      "widgets/chart/main.tsx": 'document.title = "chart";\n',
    });
    try {
      const results = await buildWidgets({ root: p.dir, widgetsDir: `${p.dir}/widgets`, minify: false });
      const failures = results.flatMap((r) => (r.ok ? [] : [r.failure]));
      assert.deepEqual(failures.map((f) => [f.name, f.code]), [["chart", "widget_entry_missing"]]);
      assert.match(failures[0]!.message, /^widgets\/chart\/ has no entry file \(index\.tsx, index\.ts, index\.jsx, index\.js\).*main\.tsx/);

      const build = await runCli(["build"], { cwd: p.dir });
      assert.equal(build.code, 1, build.stderr);
      assert.match(build.stderr, /widgets\/chart\/ has no entry file/);
      const lint = await runCli(["lint"], { cwd: p.dir });
      assert.notEqual(lint.code, 0);
      assert.match(lint.stderr + lint.stdout, /widgets\/chart\/ has no entry file/);

      p.write("widgets/chart/index.tsx", 'import "./main";\n');
      const fixed = await buildWidgets({ root: p.dir, widgetsDir: `${p.dir}/widgets`, minify: false });
      assert.deepEqual(fixed.map((r) => [r.ok ? r.widget.name : r.failure.name, r.ok]), [["a", true], ["chart", true]]);
    } finally {
      p.remove();
    }
  });

  test("a user's index.html template gets the inlined style and script", () => {
    const html = inlineDocument({
      title: "x",
      js: "console.log(1)",
      css: "body{color:red}",
      template: '<html><head><title>Mine</title></head><body><main id="app"></main></body></html>',
    });
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<style>body\{color:red\}<\/style><\/head>/);
    assert.match(html, /<main id="app"><\/main><script type="module">console\.log\(1\)<\/script><\/body>/);
  });

  test("escaping and URI parsing", () => {
    assert.equal(escapeInlineScript('"</script>"'), '"<\\/script>"');
    assert.equal(escapeInlineScript('"<!--"'), '"<!--"', "harmless without a <script");
    assert.equal(escapeInlineScript('"<!--<script>"'), '"<\\!--<script>"');
    assert.equal(widgetNameFromUri("ui://widget/pizza-map-0123456789ab.html"), "pizza-map");
    assert.equal(widgetNameFromUri("ui://widget/pizza.html"), "pizza");
    assert.equal(widgetNameFromUri("ui://other/pizza.html"), undefined);
  });
});
