import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { WIDGETS_ONLY_APP } from "../../src/host/project.js";
import { hoistInlineScripts } from "../../src/preview/frame-scripts.js";
import { createPreviewRoutes, type PreviewEvent, type PreviewRoutes } from "../../src/preview/routes.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { startPreviewServer, waitForWidgetText, widgetFrame, type PreviewServer } from "./preview-harness.js";

const BIG = `var packages = "${"p".repeat(40_000)}";`;
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

describe("large inline scripts move out of the frame document", () => {
  test("a classic inline script past the threshold becomes a script named by its content, in its place", () => {
    const { html, scripts } = hoistInlineScripts(`<!doctype html><head><meta charset="utf-8"><script>${BIG}</script><title>t</title></head><body><script>small()</script></body>`, "/s/");
    assert.equal(html, `<!doctype html><head><meta charset="utf-8"><script src="/s/${sha(BIG)}.js"></script><title>t</title></head><body><script>small()</script></body>`);
    assert.deepEqual([...scripts], [[`${sha(BIG)}.js`, BIG]]);
  });

  test("module scripts, scripts with attributes, and a <script> inside a comment or another element's text stay", () => {
    const page = `<!-- <script>${BIG}</script> --><script type="module">${BIG}</script><script nonce="n">${BIG}</script><style>/* <script>${BIG}</script> */</style>`;
    const { html, scripts } = hoistInlineScripts(page, "/s/");
    assert.equal(html, page);
    assert.equal(scripts.size, 0);
  });
});

describe("a rebuild event brings the widget's HTML", () => {
  let http: HttpHandle;
  let routes: PreviewRoutes;
  const events = new EventEmitter<{ preview: [PreviewEvent] }>();
  const served = { uri: "ui://widget/card-abc123.html", html: `<!doctype html><html><head><script>${BIG}</script></head><body>card</body></html>` };

  before(async () => {
    routes = createPreviewRoutes({ events, servedWidget: (name) => (name === "card" ? served : undefined) });
    http = await startHttpServer(new Host({ app: WIDGETS_ONLY_APP, widgets: new Map(), mode: "development" }), { port: 0, extraRoutes: routes.handle });
  });
  after(async () => {
    routes?.close();
    await http?.close();
  });

  const post = (body: unknown) => fetch(`${http.origin}/__chatgpt-app/frames`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  /** Opens the event stream, sends `sent`, and returns them as the stream gave them. */
  async function streamed(...sent: PreviewEvent[]): Promise<Array<Extract<PreviewEvent, { type: "widget-rebuilt" }>>> {
    const controller = new AbortController();
    const stream = await fetch(`${http.origin}/__chatgpt-app/events`, { signal: controller.signal });
    const reader = stream.body!.getReader();
    let text = "";
    await reader.read();
    for (const event of sent) events.emit("preview", event);
    await waitFor(async () => (text.split("widget-rebuilt").length > sent.length && text.endsWith("\n\n") ? true : ((text += new TextDecoder().decode((await reader.read()).value)), undefined)));
    controller.abort();
    return text.split("\n").filter((l) => l.startsWith("data:")).map((l) => JSON.parse(l.slice(5)) as Extract<PreviewEvent, { type: "widget-rebuilt" }>);
  }

  test("the page builds the frame from the event's source; the packages are served once, cached for good", async () => {
    const [current, stale] = await streamed(
      { type: "widget-rebuilt", name: "card", uri: served.uri, hash: "abc123" },
      { type: "widget-rebuilt", name: "card", uri: "ui://widget/card-old999.html", hash: "old999" },
    );
    assert.match(current!.source!, /^[0-9a-f-]{36}$/);
    assert.equal(stale!.source, undefined, "an event for a URI no longer served brings nothing");

    const { path } = (await (await post({ source: current!.source, globals: {} })).json()) as { path: string };
    const frame = await (await fetch(`${http.origin}${path}`)).text();
    const script = `/__chatgpt-app/frame-script/${sha(BIG)}.js`;
    assert.ok(frame.includes(`<script src="${script}"></script></head><body>card</body>`), frame.slice(-200));
    assert.ok(!frame.includes(BIG));
    const response = await fetch(`${http.origin}${script}`);
    assert.equal(await response.text(), BIG);
    assert.equal(response.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal((await post({ source: "not-a-source" })).status, 404);
  });

  test("the event reserves a frame id for the page: its load waits for the document posted for it, once", async () => {
    const event = (await streamed({ type: "widget-rebuilt", name: "card", uri: served.uri, hash: "abc123" }))[0]!;
    assert.match(event.frame!, /^[0-9a-f-]{36}$/);

    // The frame asks first; it is answered with the document posted after.
    const loading = fetch(`${http.origin}/__chatgpt-app/frame/${event.frame}`);
    await new Promise((r) => setTimeout(r, 50));
    const stored = await post({ source: event.source, frame: event.frame, globals: { toolOutput: { n: 7 } } });
    assert.equal(stored.status, 201);
    assert.equal(((await stored.json()) as { path: string }).path, `/__chatgpt-app/frame/${event.frame}`);
    const frame = await loading;
    assert.equal(frame.status, 200);
    assert.match(await frame.text(), /"toolOutput":\{"n":7\}/);
    // An id used already, or one the server never gave, stores nothing.
    assert.equal((await post({ source: event.source, frame: event.frame, globals: {} })).status, 409);
    assert.equal((await post({ source: event.source, frame: "00000000-0000-4000-8000-000000000000", globals: {} })).status, 409);
  });
});

describe("a rebuilt widget in the page", () => {
  let server: PreviewServer;
  let browser: BrowserHandle;
  let page: Page;

  before(async () => {
    server = await startPreviewServer("preview-app");
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`${server.pageUrl}?widget=card`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.locator('[data-widget="card"] .input-json').fill('{"title": "Margherita", "count": 2}');
    await page.locator('[data-widget="card"] .call-tool').click();
    await waitForWidgetText(page, "card", "#title", (t) => t === "Margherita");
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test("loads its new document once, keeps its state, and the frame left is the new one", async () => {
    await widgetFrame(page, "card").locator("#like").click();
    await waitForWidgetText(page, "card", "#likes", (t) => t === "1");
    const loads: string[] = [];
    page.on("framenavigated", (frame) => frame.url().includes("/__chatgpt-app/frame/") && loads.push(frame.url()));
    // The tool list is read again once the rebuild shows (and no other follows).
    const listedAgain = page.waitForResponse((r) => r.request().method() === "POST" && (r.request().postData() ?? "").includes('"tools/list"'), { timeout: 30_000 });
    const file = "widgets/card/index.tsx";
    const source = readFileSync(join(server.project.dir, file), "utf8");
    server.project.write(file, source.replace('<p id="version">v1</p>', '<p id="version">rebuilt once</p>'));
    await server.rebuildWidget("card");
    await waitForWidgetText(page, "card", "#version", (t) => t === "rebuilt once");
    assert.equal(await waitForWidgetText(page, "card", "#likes", (t) => t !== ""), "1");
    // The tool list is read again after the rebuild: putting the panels back in order must not load the frame again.
    await listedAgain;
    await page.waitForFunction(() => document.querySelector(".status")?.textContent?.includes("widget"));
    await waitFor(async () => ((await page.locator('[data-widget="card"] iframe').count()) === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(loads.length, 1, `frame documents loaded: ${loads.join(", ")}`);
    assert.equal(await widgetFrame(page, "card").locator("#likes").textContent(), "1");
  });
});
