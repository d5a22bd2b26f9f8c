// The preview page against a server of each protocol era, in Chromium over real HTTP: a
// 2026-07-28-only server (the v2 SDK refusing 2025), a 2025-only one (the v1 SDK) and a legacy
// HTTP+SSE-only one. The page lists the tool, calls it and its widget renders the answer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createPreviewRoutes } from "../../src/preview/routes.js";
import { join } from "node:path";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { startEraServer, type Era, type EraOptions, type EraServer } from "../helpers/era-servers.js";
import { REPO_ROOT } from "../helpers/project.js";
import { EXT_APPS_1, widgetDocument } from "../widget-runtime/harness.js";
import { waitForWidgetText } from "./preview-harness.js";

let browser: BrowserHandle;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

/** The page on one server's origin (the legacy SSE endpoint names its POST path relative to it). */
async function servePreview(era: Era, options: EraOptions = {}): Promise<{ server: EraServer; close(): Promise<void> }> {
  const routes = createPreviewRoutes({ version: "test", mcpPath: era === "sse" ? "/sse" : "/mcp" });
  const server = await startEraServer(era, options, (req, res, url) => routes.handle(req, res, url));
  return {
    server,
    async close() {
      routes.close();
      await server.close();
    },
  };
}

/** Opens the page, calls the one tool from its panel and waits for the widget to show `answer`. */
async function callFromPage(server: EraServer, answer: string, also?: (page: import("playwright-core").Page) => Promise<void>): Promise<void> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  try {
    await page.goto(`${server.origin.replace("127.0.0.1", "localhost")}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    const tools = await page.locator(".tool-list li").allTextContents();
    assert.equal(tools.length, 1, tools.join("\n"));
    assert.match(tools[0]!, /draw_card · widget era-card/);
    await page.locator('[data-widget="era-card"] .call-tool').click();
    await waitForWidgetText(page, "era-card", "#out", (t) => t === answer);
    await also?.(page);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
}

const ERAS: Array<{ era: Era; answer: string }> = [
  { era: "2026", answer: "era 2026-07-28" },
  { era: "2025", answer: "era 2025-11-25" },
  { era: "sse", answer: "era sse" },
];

for (const { era, answer } of ERAS) {
  describe(`the preview page of a ${era === "sse" ? "legacy SSE" : `${era}-era`}-only server`, () => {
    let served: Awaited<ReturnType<typeof servePreview>>;
    before(async () => {
      served = await servePreview(era);
    });
    after(() => served?.close());

    test("lists the tool, calls it, and the widget renders what it answered", async () => {
      const { server } = served;
      await callFromPage(server, answer);
      const methods = server.requests.map((r) => r.method);
      assert.ok(methods.includes("tools/call"), methods.join(", "));
      if (era === "2026") {
        assert.ok(!methods.includes("initialize"), `no initialize for a 2026-era server: ${methods.join(", ")}`);
        assert.ok(server.requests.every((r) => r.protocolVersion === "2026-07-28" && r.mcpMethod === r.method));
        assert.equal(server.requests.find((r) => r.method === "tools/call")?.mcpName, "draw_card");
      } else assert.ok(methods.includes("initialize"));
    });
  });
}

for (const line of ["1.x", "2.x"] as const) {
  describe(`a widget on ext-apps ${line}'s App in the preview, from a 2026-only server`, () => {
    let served: Awaited<ReturnType<typeof servePreview>>;
    before(async () => {
      const entry = join(REPO_ROOT, "test", "fixtures", "era-widget", "app.ts");
      const widgetHtml = await widgetDocument(entry, "era-card", "", line === "1.x" ? EXT_APPS_1 : {});
      served = await servePreview("2026", { widgetHtml });
    });
    after(() => served?.close());

    test("gets its tool result from the host and calls the tool back through it", async () => {
      await callFromPage(served.server, "era 2026-07-28", (page) => waitForWidgetText(page, "era-card", "#called", (t) => t === "called 2026-07-28").then(() => undefined));
      const calls = served.server.requests.filter((r) => r.method === "tools/call");
      assert.equal(calls.length, 2, "the page's call and the widget's");
      assert.ok(calls.every((r) => r.protocolVersion === "2026-07-28" && r.mcpName === "draw_card"));
    });
  });
}
