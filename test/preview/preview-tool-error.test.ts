import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { startDev, stopDev, type DevProcess } from "../dev/dev-helpers.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";
import { logTexts, waitForWidgetText } from "./preview-harness.js";

const SHOTS = join(REPO_ROOT, "test-results", "preview");

describe("a tool that throws, called from the preview page of chatgpt-app dev (spawned)", () => {
  let project: TempProject;
  let dev: DevProcess;
  let browser: BrowserHandle;
  let page: Page;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    project = tempProject("tool-errors");
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    const ready = await dev.ready;
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${ready.previewUrl as string}?widget=forecast`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await stopDev(dev);
    project?.remove();
  });

  test("the log shows an error entry with the tool's name and the message, and the terminal has the stack", async () => {
    const panel = page.locator('[data-widget="forecast"]');
    await panel.locator(".input-json").fill('{"city": "Lisbon"}');
    await panel.locator(".call-tool").click();
    await waitForWidgetText(page, "forecast", "#root", (t) => t === "sunny in Lisbon");

    await panel.locator(".input-json").fill('{"city": "Atlantis", "apiKey": "sk-preview-secret"}');
    await panel.locator(".call-tool").click();
    const entry = await waitFor(async () => {
      const texts = await panel.locator(".log-entries li.error").allTextContents();
      return texts.find((t) => /get_forecast/.test(t));
    }, 20_000);
    assert.match(entry, /get_forecast failed \(isError\)no weather station in Atlantis\nIf the handler threw, the dev terminal shows where/);
    await page.screenshot({ path: join(SHOTS, "tool-error.png"), fullPage: true });
    const all = await logTexts(page, "forecast");
    assert.ok(all.some((t) => /get_forecast result.*sunny in Lisbon/.test(t)), "a good call is still logged as a result");

    const event = await dev.waitForEvent((e) => e.type === "tool-error");
    assert.equal(event.tool, "get_forecast");
    assert.equal(event.file, join("server", "weather.ts"));
    await dev.waitForStderr(/tool get_forecast threw \(server\/weather\.ts:2:\d+\)/);
    assert.doesNotMatch(dev.stderr() + dev.stdout(), /sk-preview-secret/, "the arguments are never printed");
  });
});
