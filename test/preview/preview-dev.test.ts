import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { startDev, stopDev, type DevProcess } from "../dev/dev-helpers.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";
import { linkReact, waitForWidgetText, widgetFrame } from "./preview-harness.js";

const SHOTS = join(REPO_ROOT, "test-results", "preview");
const CARD = "widgets/card/index.tsx";

describe("the preview page served by chatgpt-app dev (spawned)", () => {
  let project: TempProject;
  let dev: DevProcess;
  let browser: BrowserHandle;
  let page: Page;
  let source: string;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    project = tempProject("preview-app");
    linkReact(project.dir);
    source = readFileSync(join(project.dir, CARD), "utf8");
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    const ready = await dev.ready;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${ready.previewUrl as string}?widget=card`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await stopDev(dev);
    project?.remove();
  });

  test("GET / is the preview, and the widget renders the real tool's output", async () => {
    assert.equal(await page.title(), "chatgpt-app preview");
    const input = page.locator('[data-widget="card"] .input-json');
    await input.fill('{"title": "From dev", "count": 5}');
    await page.locator('[data-widget="card"] .call-tool').click();
    await waitForWidgetText(page, "card", "#title", (t) => t === "From dev");
    await widgetFrame(page, "card").locator("#like").click();
    await waitForWidgetText(page, "card", "#likes", (t) => t === "1");
  });

  test("saving the widget hot-reloads its frame with the same output and state", async () => {
    project.write(CARD, source.replace('<p id="version">v1</p>', '<p id="version">edited while dev runs</p>'));
    await waitForWidgetText(page, "card", "#version", (t) => t === "edited while dev runs", 30_000);
    assert.equal(await waitForWidgetText(page, "card", "#title", (t) => t !== ""), "From dev");
    assert.equal(await waitForWidgetText(page, "card", "#likes", (t) => t !== ""), "1");
    await page.screenshot({ path: join(SHOTS, "dev-hot-reload.png") });
  });

  test("a build error shows an overlay with file:line:col, and a fix clears it", async () => {
    project.write(CARD, source.replace('<p id="version">v1</p>', '<p id="version">{broken</p>'));
    const overlay = page.locator('[data-widget="card"] .overlay');
    await overlay.waitFor({ state: "visible", timeout: 30_000 });
    assert.match((await overlay.locator(".location").textContent())!, /^widgets\/card\/index\.tsx:\d+:\d+$/);
    await page.screenshot({ path: join(SHOTS, "dev-build-error.png") });
    project.write(CARD, source.replace('<p id="version">v1</p>', '<p id="version">fixed again</p>'));
    await overlay.waitFor({ state: "hidden", timeout: 30_000 });
    await waitForWidgetText(page, "card", "#version", (t) => t === "fixed again", 30_000);
  });

  test("restoring the last good content byte for byte clears the error everywhere", async () => {
    const good = readFileSync(join(project.dir, CARD), "utf8");
    const overlay = page.locator('[data-widget="card"] .overlay');
    const mark = dev.events().length;
    project.write(CARD, good.replace("</p>", "</p>{broken"));
    await dev.waitForEvent((e) => e.type === "error" && e.name === "card", 30_000, mark);
    await overlay.waitFor({ state: "visible", timeout: 30_000 });
    const printed = dev.stderr().length;
    const failedAt = dev.events().length;
    project.write(CARD, good);
    const cleared = await dev.waitForEvent((e) => e.type === "rebuild" && e.name === "card", 30_000, failedAt);
    assert.match(String(cleared.uri), /^ui:\/\/widget\/card-[0-9a-f]+\.html$/);
    await overlay.waitFor({ state: "hidden", timeout: 30_000 });
    assert.match(dev.stderr().slice(printed), /widget card/, "the terminal's last word on the widget is not its error");
    // A page opened now is not told of the error either.
    const fresh = await browser.context.newPage();
    try {
      await fresh.goto(page.url());
      await fresh.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      assert.equal(await fresh.locator('[data-widget="card"] .overlay').isVisible(), false);
    } finally {
      await fresh.close();
    }
  });
});
