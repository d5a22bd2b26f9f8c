import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { bundleForBrowser, HOOK_FIXTURES, HTML, JS, serveStatic, waitForFrameText, widgetDocument, type StaticServer } from "./harness.js";

type Received = Array<{ method: string; params: any }>;

const HOST_PAGE = '<!doctype html><html><head><meta charset="utf-8"></head><body><script src="/host.js"></script></body></html>';
const INJECT_OPENAI = "window.openai = window.parent.testHost.createOpenAi(window);";

let browser: BrowserHandle;
let server: StaticServer;

before(async () => {
  const [bridgeHost, openaiHost, react, reactOpenAi, vanilla] = await Promise.all([
    bundleForBrowser(join(HOOK_FIXTURES, "bridge-host.ts"), "iife"),
    bundleForBrowser(join(HOOK_FIXTURES, "openai-host.ts"), "iife"),
    widgetDocument(join(HOOK_FIXTURES, "probe-react.tsx")),
    widgetDocument(join(HOOK_FIXTURES, "probe-react.tsx"), "probe", INJECT_OPENAI),
    widgetDocument(join(HOOK_FIXTURES, "probe-vanilla.ts")),
  ]);
  server = await serveStatic({
    "/bridge-host.html": { type: HTML, body: HOST_PAGE.replace("/host.js", "/bridge-host.js") },
    "/bridge-host.js": { type: JS, body: bridgeHost },
    "/openai-host.html": { type: HTML, body: HOST_PAGE.replace("/host.js", "/openai-host.js") },
    "/openai-host.js": { type: JS, body: openaiHost },
    "/react.html": { type: HTML, body: react },
    "/react-openai.html": { type: HTML, body: reactOpenAi },
    "/vanilla.html": { type: HTML, body: vanilla },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const frameText = (page: Page, selector: string, check: (text: string) => boolean) => waitForFrameText(page, "#widget", selector, check);
const click = (page: Page, selector: string) => page.frameLocator("#widget").locator(selector).click();
const received = (page: Page) => page.evaluate(() => (window as any).testHost.received as Received);
const receivedOf = (page: Page, method: string) =>
  waitFor(async () => (await received(page)).find((r) => r.method === method));

describe("hooks on the MCP Apps bridge (ext-apps AppBridge host)", () => {
  let page: Page;
  before(async () => {
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/bridge-host.html`);
    // The widget is on another origin, as in a real host's sandbox.
    await page.evaluate(
      (src) => (window as any).testHost.mount(src, { theme: "light", displayMode: "inline", locale: "fr-FR", containerDimensions: { maxHeight: 640 } }),
      `${server.otherOrigin}/react.html`,
    );
  });
  after(() => page?.close());

  test("the host context from ui/initialize reaches the hooks", async () => {
    await frameText(page, "#bridge", (t) => t === "mcp-apps");
    assert.equal(await frameText(page, "#theme", (t) => t !== ""), "light");
    assert.equal(await frameText(page, "#locale", (t) => t !== ""), "fr-FR");
    assert.equal(await frameText(page, "#max-height", (t) => t !== ""), "640");
    assert.equal(await frameText(page, "#output", (t) => t !== ""), "null", "no result before the host sends one");
  });

  test("tool input and tool result render: structuredContent and _meta", async () => {
    await page.evaluate(() => (window as any).testHost.sendToolInput({ q: "pizza" }));
    await frameText(page, "#input", (t) => t === '{"q":"pizza"}');
    await page.evaluate(() =>
      (window as any).testHost.sendToolResult({ content: [{ type: "text", text: "n=1" }], structuredContent: { n: 1 }, _meta: { secret: "s" } }),
    );
    await frameText(page, "#output", (t) => t === '{"n":1}');
    await frameText(page, "#meta", (t) => t === '{"secret":"s"}');
  });

  test("host-context-changed switches the theme", async () => {
    await page.evaluate(() => (window as any).testHost.setContext({ theme: "dark" }));
    await frameText(page, "#theme", (t) => t === "dark");
  });

  test("useCallTool goes through tools/call and renders the result, or the tool's error", async () => {
    await click(page, "#call");
    const call = await receivedOf(page, "tools/call");
    assert.deepEqual([call.params.name, call.params.arguments], ["echo", { text: "from widget" }]);
    await frameText(page, "#call-result", (t) => t === '{"echoed":"from widget"}');
    await click(page, "#call-fail");
    await frameText(page, "#call-error", (t) => t === "echo refused: fail");
  });

  test("follow-up message, display mode and open-link reach the host", async () => {
    await click(page, "#follow-up");
    const message = await receivedOf(page, "ui/message");
    assert.deepEqual(message.params, { role: "user", content: [{ type: "text", text: "hello from widget" }] });
    await frameText(page, "#sent", (t) => t === "yes");

    await click(page, "#fullscreen");
    assert.deepEqual((await receivedOf(page, "ui/request-display-mode")).params, { mode: "fullscreen" });
    await frameText(page, "#granted", (t) => t === "fullscreen");
    await frameText(page, "#display-mode", (t) => t === "fullscreen");

    await click(page, "#open");
    assert.deepEqual((await receivedOf(page, "ui/open-link")).params, { url: "https://example.com/docs" });
  });

  test("useWidgetState keeps the state and offers it to the model (ui/update-model-context)", async () => {
    await frameText(page, "#state", (t) => t === '{"count":0}');
    await click(page, "#increment");
    await click(page, "#increment");
    await frameText(page, "#state", (t) => t === '{"count":2}');
    const updates = await waitFor(async () => {
      const all = (await received(page)).filter((r) => r.method === "ui/update-model-context");
      return all.length === 2 ? all : undefined;
    });
    assert.deepEqual(updates[1]!.params, { structuredContent: { count: 2 } });
  });
});

describe("hooks on window.openai (a host that never answers MCP Apps)", () => {
  let page: Page;
  const globals = {
    toolInput: { q: "tacos" },
    toolOutput: { n: 7 },
    toolResponseMetadata: { m: 1 },
    widgetState: { count: 5 },
    theme: "dark",
    displayMode: "inline",
    locale: "de-DE",
    maxHeight: 480,
    safeArea: { insets: { top: 0, bottom: 0, left: 0, right: 0 } },
    userAgent: { device: { type: "desktop" }, capabilities: { hover: true, touch: false } },
  };
  before(async () => {
    page = await browser.context.newPage();
    await page.goto(`${server.origin}/openai-host.html`);
    await page.evaluate(([src, g]) => (window as any).testHost.mount(src, g), [`${server.origin}/react-openai.html`, globals] as const);
  });
  after(() => page?.close());

  test("the globals render on first paint", async () => {
    assert.equal(await frameText(page, "#bridge", (t) => t !== ""), "openai");
    assert.equal(await frameText(page, "#input", (t) => t !== ""), '{"q":"tacos"}');
    assert.equal(await frameText(page, "#output", (t) => t !== ""), '{"n":7}');
    assert.equal(await frameText(page, "#meta", (t) => t !== ""), '{"m":1}');
    assert.equal(await frameText(page, "#theme", (t) => t !== ""), "dark");
    assert.equal(await frameText(page, "#locale", (t) => t !== ""), "de-DE");
    assert.equal(await frameText(page, "#max-height", (t) => t !== ""), "480");
    assert.equal(await frameText(page, "#state", (t) => t !== ""), '{"count":5}', "the saved state wins over the default");
  });

  test("openai:set_globals updates the hooks", async () => {
    await page.evaluate(() => (window as any).testHost.setGlobals({ theme: "light", toolOutput: { n: 8 } }));
    await frameText(page, "#theme", (t) => t === "light");
    await frameText(page, "#output", (t) => t === '{"n":8}');
  });

  test("actions go through window.openai's methods", async () => {
    await click(page, "#increment");
    assert.deepEqual((await receivedOf(page, "setWidgetState")).params, { count: 6 });
    await frameText(page, "#state", (t) => t === '{"count":6}');

    await click(page, "#call");
    assert.deepEqual((await receivedOf(page, "callTool")).params, { name: "echo", args: { text: "from widget" } });
    await frameText(page, "#call-result", (t) => t === '{"echoed":"from widget"}');

    await click(page, "#follow-up");
    assert.deepEqual((await receivedOf(page, "sendFollowUpMessage")).params, { prompt: "hello from widget" });

    await click(page, "#fullscreen");
    assert.deepEqual((await receivedOf(page, "requestDisplayMode")).params, { mode: "fullscreen" });
    await frameText(page, "#display-mode", (t) => t === "fullscreen");

    await click(page, "#open");
    assert.deepEqual((await receivedOf(page, "openExternal")).params, { href: "https://example.com/docs" });
  });
});

describe("the framework-free core (chatgpt-app/widget) on the MCP Apps bridge", () => {
  test("renders the tool result and calls a tool", async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${server.origin}/bridge-host.html`);
      await page.evaluate((src) => (window as any).testHost.mount(src, { theme: "dark" }), `${server.otherOrigin}/vanilla.html`);
      await frameText(page, "#bridge", (t) => t === "mcp-apps");
      assert.equal(await frameText(page, "#theme", (t) => t !== ""), "dark");
      await page.evaluate(() => (window as any).testHost.sendToolResult({ content: [], structuredContent: { n: 3 } }));
      await frameText(page, "#output", (t) => t === '{"n":3}');
      await click(page, "#call");
      await frameText(page, "#call-result", (t) => t === '{"echoed":"vanilla"}');
    } finally {
      await page.close();
    }
  });
});
