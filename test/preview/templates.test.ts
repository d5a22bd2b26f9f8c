import assert from "node:assert/strict";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { REPO_ROOT, type TempProject } from "../helpers/project.js";
import { runInitInProcess, tempDir } from "../init/harness.js";
import { bundleForBrowser, HOOK_FIXTURES, HTML, JS, serveStatic } from "../widget-runtime/harness.js";
import { diceFaces, lastLoggedRolls, logTexts, startPreviewServerIn, waitForWidgetText, widgetFrame, type PreviewServer } from "./preview-harness.js";

const SHOTS = join(REPO_ROOT, "test-results", "preview");
const LINKED = ["@modelcontextprotocol", "zod", "react", "react-dom"];

/** A project from `init --template <name>`, linked to this repo instead of installed. */
async function scaffold(template: string): Promise<TempProject> {
  const { dir, remove } = tempDir(`chatgpt-app-preview-${template}-`);
  const init = await runInitInProcess("app", { template, yes: true, install: false, git: false } as never, { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  const project = join(dir, "app");
  mkdirSync(join(project, "node_modules"), { recursive: true });
  symlinkSync(REPO_ROOT, join(project, "node_modules", "chatgpt-app"));
  for (const name of LINKED) symlinkSync(join(REPO_ROOT, "node_modules", name), join(project, "node_modules", name));
  return { dir: project, write: () => undefined, remove };
}

const faces = diceFaces;

let browser: BrowserHandle;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
});
after(() => browser?.close());

for (const template of ["react", "vanilla"]) {
  describe(`the ${template} template's widget in the preview`, () => {
    let server: PreviewServer;
    let page: Page;
    before(async () => {
      server = await startPreviewServerIn(await scaffold(template));
      page = await browser.context.newPage();
      await page.goto(`${server.pageUrl}?widget=dice`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    });
    after(async () => {
      await page?.close();
      await server?.close();
    });

    test("renders the tool's output; Call tool updates it", async () => {
      await page.locator('[data-widget="dice"] .input-json').fill('{"count": 3, "sides": 6}');
      await page.locator('[data-widget="dice"] .call-tool').click();
      const rolled = await lastLoggedRolls(page, 1);
      await waitFor(async () => (JSON.stringify(await faces(page)) === JSON.stringify(rolled) ? true : undefined));
      const total = rolled.reduce((sum, v) => sum + Number(v), 0);
      await waitForWidgetText(page, "dice", ".total", (t) => t.includes(`Total ${total}`));

      await page.locator('[data-widget="dice"] .input-json').fill('{"count": 5, "sides": 20}');
      await page.locator('[data-widget="dice"] .call-tool').click();
      const again = await lastLoggedRolls(page, 2);
      assert.equal(again.length, 5);
      await waitFor(async () => (JSON.stringify(await faces(page)) === JSON.stringify(again) ? true : undefined));
      await page.screenshot({ path: join(SHOTS, `template-${template}.png`) });
    });

    test("the theme switch reaches it, and Roll again calls the tool from the widget", async () => {
      await page.locator("header select.theme").selectOption("dark");
      await waitFor(async () => ((await widgetFrame(page, "dice").locator("html").getAttribute("data-theme")) === "dark" ? true : undefined));
      await widgetFrame(page, "dice").getByRole("button", { name: "Roll again" }).click();
      const rolled = await lastLoggedRolls(page, 3);
      await waitFor(async () => (JSON.stringify(await faces(page)) === JSON.stringify(rolled) ? true : undefined));
      assert.ok((await logTexts(page, "dice")).some((t) => /tools\/call.*roll_dice \{"count":5,"sides":20,"session":"h_[\w-]+"\}/.test(t)));
      await waitForWidgetText(page, "dice", ".history", (t) => /Earlier totals: \d+/.test(t));

      // Its saved state (the new roll) wins over the tool's first result when the frame reloads.
      await page.locator('[data-widget="dice"] .reload-frame').click();
      await waitForWidgetText(page, "dice", ".history", (t) => /Earlier totals: \d+/.test(t));
      // The new document takes the old one's place once it has drawn: read the faces from whichever shows.
      await waitFor(async () => (JSON.stringify(await faces(page)) === JSON.stringify(rolled) ? true : undefined));
      await page.screenshot({ path: join(SHOTS, `template-${template}-dark.png`) });
    });
  });
}

describe("the react template's widget under ext-apps' AppBridge, driven by a test host", () => {
  test("renders the tool result a standard host sends and calls the tool back", async () => {
    const server = await startPreviewServerIn(await scaffold("react"));
    const statics = await serveStatic({
      "/host.html": { type: HTML, body: '<!doctype html><html><body><script src="/host.js"></script></body></html>' },
      "/host.js": { type: JS, body: await bundleForBrowser(join(HOOK_FIXTURES, "bridge-host.ts"), "iife") },
      "/dice.html": { type: HTML, body: server.host.state.widgets.get("dice")!.html },
    });
    const page = await browser.context.newPage();
    try {
      await page.goto(`${statics.origin}/host.html`);
      await page.evaluate((src) => (window as any).testHost.mount(src, { theme: "dark" }), `${statics.otherOrigin}/dice.html`);
      await page.evaluate(() => {
        const host = (window as any).testHost;
        host.sendToolInput({ count: 2, sides: 6 });
        host.sendToolResult({ content: [{ type: "text", text: "total 7" }], structuredContent: { rolls: [2, 5], total: 7, sides: 6 } });
        host.setCallResult({ content: [{ type: "text", text: "total 12" }], structuredContent: { rolls: [6, 6], total: 12, sides: 6 } });
      });
      const frame = page.frameLocator("#widget");
      await waitFor(async () => (JSON.stringify(await frame.locator(".face").allTextContents()) === '["2","5"]' ? true : undefined));
      assert.equal(await frame.locator("html").getAttribute("data-theme"), "dark");
      await frame.getByRole("button", { name: "Roll again" }).click();
      await waitFor(async () => (JSON.stringify(await frame.locator(".face").allTextContents()) === '["6","6"]' ? true : undefined));
      const received = (await page.evaluate(() => (window as any).testHost.received)) as Array<{ method: string; params: any }>;
      const call = received.find((r) => r.method === "tools/call")!;
      assert.deepEqual([call.params.name, call.params.arguments], ["roll_dice", { count: 2, sides: 6 }]);
      // No window.openai in a plain MCP Apps host: the state is offered to the model instead.
      const context = received.find((r) => r.method === "ui/update-model-context");
      assert.deepEqual(context?.params, { structuredContent: { roll: { rolls: [6, 6], total: 12, sides: 6 } } });
    } finally {
      await page.close();
      await statics.close();
      await server.close();
    }
  });
});
