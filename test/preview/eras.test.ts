// The preview page against a server of each protocol era, in Chromium over real HTTP: a
// 2026-07-28-only server (the v2 SDK refusing 2025), a 2025-only one (the v1 SDK) and a legacy
// HTTP+SSE-only one. The page lists the tool, calls it and its widget renders the answer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createPreviewRoutes, type PreviewRoutes } from "../../src/preview/routes.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { startEraServer, type Era, type EraServer } from "../helpers/era-servers.js";
import { waitForWidgetText } from "./preview-harness.js";

let browser: BrowserHandle;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

const ERAS: Array<{ era: Era; answer: string }> = [
  { era: "2026", answer: "era 2026-07-28" },
  { era: "2025", answer: "era 2025-11-25" },
  { era: "sse", answer: "era sse" },
];

for (const { era, answer } of ERAS) {
  describe(`the preview page of a ${era === "sse" ? "legacy SSE" : `${era}-era`}-only server`, () => {
    let server: EraServer;
    let routes: PreviewRoutes;
    before(async () => {
      routes = createPreviewRoutes({ version: "test", mcpPath: era === "sse" ? "/sse" : "/mcp" });
      server = await startEraServer(era, {}, (req, res, url) => routes.handle(req, res, url));
    });
    after(async () => {
      routes?.close();
      await server?.close();
    });

    test("lists the tool, calls it, and the widget renders what it answered", async () => {
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
        assert.deepEqual(errors, []);
      } finally {
        await page.close();
      }
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
