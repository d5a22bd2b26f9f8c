import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { REPO_ROOT } from "../helpers/project.js";
import { waitFor } from "../helpers/mcp.js";
import { logTexts, startPreviewServer, waitForWidgetText, widgetFrame, type PreviewServer } from "./preview-harness.js";

const SHOTS = join(REPO_ROOT, "test-results", "preview");

let server: PreviewServer;
let browser: BrowserHandle;
let page: Page;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startPreviewServer("preview-app");
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  await page.goto(server.pageUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const panel = (widget: string) => page.locator(`[data-widget="${widget}"]`);
const logEntry = (widget: string, pattern: RegExp) =>
  waitFor(async () => (await logTexts(page, widget)).find((t) => pattern.test(t)), 20_000);

describe("the preview page", () => {
  test("lists the app's tools and one panel per widget, each in a sandboxed frame on another origin", async () => {
    const tools = await page.locator(".tool-list li").allTextContents();
    assert.equal(tools.length, 5);
    assert.ok(tools.some((t) => /show_card · widget card · model, app/.test(t)));
    assert.ok(tools.some((t) => /increment · no widget · app/.test(t)));
    assert.deepEqual(await page.locator(".widget-panel").evaluateAll((els) => els.map((e) => e.getAttribute("data-widget"))), ["card", "leaky", "legacy"]);
    const frame = panel("card").locator("iframe:not([data-pending])");
    await frame.waitFor();
    const src = (await frame.getAttribute("src"))!;
    assert.match(src, /^http:\/\/127\.0\.0\.1:\d+\/__chatgpt-app\/frame\//, "the page is on localhost, frames on 127.0.0.1");
    assert.match((await frame.getAttribute("sandbox"))!, /allow-scripts/);
    // The app has no auth: the page offers no sign-in.
    await page.waitForFunction(() => document.querySelector("header .sign-in")?.textContent?.includes("Signed out") === true);
    assert.equal(await page.locator("header .sign-in").isVisible(), false);
  });

  test("the input is checked against the tool's inputSchema", async () => {
    const input = panel("card").locator(".input-json");
    assert.deepEqual(JSON.parse(await input.inputValue()), { title: "", count: 1 }, "defaults and placeholders from the schema");
    await input.fill('{"title": 3}');
    await waitFor(async () => ((await panel("card").locator(".input-errors").textContent()) || undefined));
    assert.match((await panel("card").locator(".input-errors").textContent())!, /inputSchema/);
    assert.equal(await panel("card").locator(".call-tool").isDisabled(), true);
    await input.fill("{not json");
    assert.match((await panel("card").locator(".input-errors").textContent())!, /Not JSON/);
    await input.fill('{"title": "Margherita", "count": 2}');
    assert.equal(await panel("card").locator(".call-tool").isDisabled(), false);
  });

  test('"Call tool" runs the real tool and the widget renders its output and _meta', async () => {
    await panel("card").locator(".call-tool").click();
    await waitForWidgetText(page, "card", "#title", (t) => t === "Margherita");
    assert.equal(await waitForWidgetText(page, "card", "#count", (t) => t !== ""), "2");
    // The result's _meta as the server sent it (a 2026-07-28 answer also carries the server's info).
    const meta = JSON.parse(await waitForWidgetText(page, "card", "#meta", (t) => t !== "null")) as Record<string, unknown>;
    assert.equal(meta.servedBy, "fixture");
    await page.screenshot({ path: join(SHOTS, "call-tool.png"), fullPage: true });
  });

  test("locale and device width reach the widget", async () => {
    await page.locator("header input.locale").fill("fr-FR");
    await page.locator("header input.locale").press("Enter");
    await waitForWidgetText(page, "card", "#locale", (t) => t === "fr-FR");
    assert.equal(await widgetFrame(page, "card").locator("html").getAttribute("lang"), "fr-FR", "the locale is mirrored to <html lang>, as in ChatGPT");
    await page.locator("header select.device").selectOption("mobile");
    await waitFor(async () => ((await panel("card").locator("iframe:not([data-pending])").boundingBox())?.width === 375 ? true : undefined));
    await page.locator("header select.device").selectOption("desktop");
    await waitFor(async () => ((await panel("card").locator("iframe:not([data-pending])").boundingBox())?.width === 768 ? true : undefined));
  });

  test("theme and display mode switches reach the widget", async () => {
    await page.locator("header select.theme").selectOption("dark");
    await waitForWidgetText(page, "card", "#theme", (t) => t === "dark");
    assert.deepEqual(await panel("card").locator("select.display-mode option").allTextContents(), ["inline", "fullscreen"], "ChatGPT has no picture-in-picture");
    // The widget asks for fullscreen itself: the host grants it and shows it fullscreen.
    await widgetFrame(page, "card").locator("#fullscreen").click();
    await waitForWidgetText(page, "card", "#display-mode", (t) => t === "fullscreen");
    await waitFor(async () => ((await panel("card").locator(".stage").getAttribute("class"))?.includes("mode-fullscreen") ? true : undefined));
    await logEntry("card", /ui\/request-display-mode.*fullscreen/);
    await page.screenshot({ path: join(SHOTS, "fullscreen-dark.png") });
    await panel("card").locator(".exit-mode").click();
    await waitForWidgetText(page, "card", "#display-mode", (t) => t === "inline");
    await page.locator("header select.theme").selectOption("light");
    await waitForWidgetText(page, "card", "#theme", (t) => t === "light");
  });

  test("a tool call started by the widget reaches the server and its result renders; a model-only tool is refused", async () => {
    await widgetFrame(page, "card").locator("#increment").click();
    await waitForWidgetText(page, "card", "#incremented", (t) => t === "3");
    await logEntry("card", /tools\/call.*increment \{"count":2\}/);
    await logEntry("card", /increment result.*\{"count":3\}/);
    await widgetFrame(page, "card").locator("#forbidden-call").click();
    await waitForWidgetText(page, "card", "#forbidden", (t) => /not callable from widgets/.test(t));
  });

  test("follow-up messages and links the widget sends are logged (MCP Apps)", async () => {
    await widgetFrame(page, "card").locator("#say").click();
    await logEntry("card", /ui\/message \(follow-up\).*Show me another card/);
    await widgetFrame(page, "card").locator("#link").click();
    await logEntry("card", /ui\/open-link.*https:\/\/example\.com\/menu/);
    assert.equal(await panel("card").locator('.log-entries a[href="https://example.com/menu"]').count(), 1, "the link is offered, not followed");
  });

  test("a widget written against window.openai alone gets its globals, set_globals and methods", async () => {
    await panel("legacy").locator(".input-json").fill('{"title": "Old school"}');
    await panel("legacy").locator(".call-tool").click();
    await waitForWidgetText(page, "legacy", "#title", (t) => t === "Old school");
    await page.locator("header select.theme").selectOption("dark");
    await waitForWidgetText(page, "legacy", "#theme", (t) => t === "dark");
    await page.locator("header select.theme").selectOption("light");
    await waitForWidgetText(page, "legacy", "#theme", (t) => t === "light");
    await widgetFrame(page, "legacy").locator("#call").click();
    await waitForWidgetText(page, "legacy", "#count", (t) => t === "42");
    await logEntry("legacy", /window\.openai\.callTool.*increment \{"count":41\}/);
    await widgetFrame(page, "legacy").locator("#say").click();
    await logEntry("legacy", /window\.openai\.sendFollowUpMessage.*Tell me more about this card/);
    await widgetFrame(page, "legacy").locator("#link").click();
    await logEntry("legacy", /window\.openai\.openExternal.*https:\/\/example\.com\/card/);
  });

  test("the frame's layer defines window.openai and mirrors the locale only when the host profile offers them", async () => {
    const open = async (layer?: Record<string, boolean>) => {
      const body = { html: "<!doctype html><html><head></head><body>w</body></html>", globals: { locale: "fr-FR" }, layer };
      const response = await fetch(new URL("/__chatgpt-app/frames", server.pageUrl), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const { path } = (await response.json()) as { path: string };
      const framePage = await browser.context.newPage();
      try {
        await framePage.goto(new URL(path, server.pageUrl).href);
        return await framePage.evaluate(() => ({ openai: typeof (window as { openai?: unknown }).openai, lang: document.documentElement.lang }));
      } finally {
        await framePage.close();
      }
    };
    assert.deepEqual(await open(), { openai: "object", lang: "fr-FR" }, "ChatGPT's layer when nothing is said");
    assert.deepEqual(await open({ openai: false, mirrorsLocale: false }), { openai: "undefined", lang: "" }, "a host without window.openai");
  });

  test("widget state survives a reload of the frame, with the same input and output", async () => {
    await widgetFrame(page, "card").locator("#like").click();
    await widgetFrame(page, "card").locator("#like").click();
    await waitForWidgetText(page, "card", "#likes", (t) => t === "2");
    await logEntry("card", /window\.openai\.setWidgetState.*\{"likes":2\}/);
    const before = await panel("card").locator("iframe:not([data-pending])").getAttribute("src");
    await panel("card").locator(".reload-frame").click();
    await waitFor(async () => {
      const src = await panel("card").locator("iframe:not([data-pending])").getAttribute("src").catch(() => null);
      return src && src !== before ? src : undefined;
    });
    assert.equal(await waitForWidgetText(page, "card", "#likes", (t) => t !== ""), "2");
    assert.equal(await waitForWidgetText(page, "card", "#title", (t) => t !== ""), "Margherita");
  });

  test("a CSP violation is blocked and reported in the log", async () => {
    await waitForWidgetText(page, "leaky", "#root", (t) => t === "blocked");
    const entry = await logEntry("leaky", /CSP blocked connect-src/);
    assert.match(entry, /http:\/\/127\.0\.0\.1:9\/undeclared/);
    assert.match(entry, /csp\.connectDomains/);
    const card = await logTexts(page, "card");
    assert.deepEqual(card.filter((t) => /CSP blocked/.test(t)), [], "a widget on chatgpt-app/react runs under the CSP without a violation");
    await page.screenshot({ path: join(SHOTS, "csp-violation.png"), fullPage: true });
  });

  test("a server build error shows a banner until the server rebuilds", async () => {
    server.emit({ type: "build-error", kind: "server", name: "app", message: "server/index.ts:3:5: ERROR: Expected \";\"" });
    const banner = page.locator(".banner");
    await banner.waitFor({ state: "visible" });
    assert.match((await banner.textContent())!, /Build error \(server:app\).*server\/index\.ts:3:5/);
    server.emit({ type: "server-rebuilt", tools: 5 });
    await banner.waitFor({ state: "hidden" });
  });

  test("a rebuilt widget reloads with the same input, output and state; a build error shows file:line:col", async () => {
    const file = "widgets/card/index.tsx";
    const source = (await import("node:fs")).readFileSync(join(server.project.dir, file), "utf8");
    server.project.write(file, source.replace('<p id="version">v1</p>', '<p id="version">version two, rebuilt</p>'));
    await server.rebuildWidget("card");
    await waitForWidgetText(page, "card", "#version", (t) => t === "version two, rebuilt");
    assert.equal(await waitForWidgetText(page, "card", "#title", (t) => t !== ""), "Margherita");
    assert.equal(await waitForWidgetText(page, "card", "#likes", (t) => t !== ""), "2");

    server.project.write(file, source.replace('<p id="version">v1</p>', '<p id="version">{oops</p>'));
    await server.rebuildWidget("card");
    const overlay = panel("card").locator(".overlay");
    await overlay.waitFor({ state: "visible" });
    assert.match((await overlay.locator(".location").textContent())!, /^widgets\/card\/index\.tsx:\d+:\d+$/);
    await page.screenshot({ path: join(SHOTS, "build-error.png") });
    assert.equal(await waitForWidgetText(page, "card", "#version", (t) => t !== ""), "version two, rebuilt", "the last good build keeps running");

    server.project.write(file, source);
    await server.rebuildWidget("card");
    await overlay.waitFor({ state: "hidden" });
    await waitForWidgetText(page, "card", "#version", (t) => t === "v1");
  });
});
