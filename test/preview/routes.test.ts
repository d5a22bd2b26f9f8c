import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { WIDGETS_ONLY_APP } from "../../src/host/project.js";
import { buildContentSecurityPolicy, buildFrameDocument, injectFirst } from "../../src/preview/frame-document.js";
import { createPreviewRoutes, type PreviewEvent, type PreviewRoutes } from "../../src/preview/routes.js";
import { waitFor } from "../helpers/mcp.js";

describe("frame documents", () => {
  test("the CSP is the MCP Apps restrictive default when the resource declares nothing", () => {
    assert.equal(
      buildContentSecurityPolicy(undefined),
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; media-src 'self' data:; connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'self'",
    );
  });

  test("declared origins widen only their directives, and entries that would inject sources are dropped", () => {
    const csp = buildContentSecurityPolicy({
      connectDomains: ["https://api.example.com", "https://x.com; script-src *", "'unsafe-eval'"],
      resourceDomains: ["https://*.cdn.example.com"],
      frameDomains: ["https://www.youtube.com"],
      baseUriDomains: ["https://base.example.com"],
    });
    const directives = Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d]));
    assert.equal(directives["connect-src"], "connect-src https://api.example.com");
    assert.equal(directives["script-src"], "script-src 'self' 'unsafe-inline' https://*.cdn.example.com");
    assert.equal(directives["img-src"], "img-src 'self' data: https://*.cdn.example.com");
    assert.equal(directives["frame-src"], "frame-src https://www.youtube.com");
    assert.equal(directives["base-uri"], "base-uri https://base.example.com");
    assert.doesNotMatch(csp, /unsafe-eval|script-src \*/);
  });

  test("the layer goes first, after <head>, and never before the doctype", () => {
    assert.equal(injectFirst("<!doctype html><html><head><title>t</title></head></html>", "<S>"), "<!doctype html><html><head><S><title>t</title></head></html>");
    assert.equal(injectFirst('<!DOCTYPE html>\n<html lang="en"><body>x</body></html>', "<S>"), '<!DOCTYPE html>\n<html lang="en"><S><body>x</body></html>');
    assert.equal(injectFirst("<!doctype html><p>x</p>", "<S>"), "<!doctype html><S><p>x</p>");
    assert.equal(injectFirst("<p>x</p>", "<S>"), "<S><p>x</p>");
    assert.equal(injectFirst("<header>h</header><head></head>", "<S>"), "<header>h</header><head><S></head>", "<header> is not <head>");
  });

  test("globals cannot close the script they are written into", () => {
    const doc = buildFrameDocument("<html><head></head></html>", "/*shim*/", { toolOutput: { text: "</script><script>alert(1)</script>" } });
    assert.equal(doc.match(/<\/script>/g)?.length, 2, "only our two scripts close");
    assert.match(doc, /\\u003c\/script>/);
  });
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", reject)
      .end();
  });
}

describe("preview routes on the host HTTP server", () => {
  let http: HttpHandle;
  let routes: PreviewRoutes;
  const events = new EventEmitter<{ preview: [PreviewEvent] }>();

  before(async () => {
    routes = createPreviewRoutes({ events, version: "9.9.9", maxFrames: 2, maxFrameBytes: 1024 });
    const host = new Host({ app: WIDGETS_ONLY_APP, widgets: new Map(), mode: "development" });
    http = await startHttpServer(host, { port: 0, extraRoutes: routes.handle });
  });
  after(async () => {
    routes?.close();
    await http?.close();
  });

  const postFrame = (body: unknown) =>
    fetch(`${http.origin}/__chatgpt-app/frames`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  test("the page is served at / and the MCP endpoint and 404s are left to the host", async () => {
    const page = await get(`${http.origin}/`);
    assert.equal(page.status, 200);
    assert.match(page.body, /<script type="module" src="\/__chatgpt-app\/preview.js">/);
    assert.match(page.body, /data-version="9.9.9"/);
    assert.equal((await get(`${http.origin}/nothing-here`)).status, 404);
  });

  test("a frame document is served from the other loopback origin with its CSP header", async () => {
    const response = await postFrame({ html: "<!doctype html><html><head></head><body>w</body></html>", csp: { connectDomains: ["https://api.example.com"] }, globals: { theme: "dark" } });
    assert.equal(response.status, 201);
    const { path } = (await response.json()) as { path: string };
    const frame = await get(`http://localhost:${http.port}${path}`);
    assert.equal(frame.status, 200);
    assert.match(String(frame.headers["content-security-policy"]), /connect-src https:\/\/api\.example\.com/);
    assert.match(frame.body, /__chatgptAppPreviewGlobals=\{"theme":"dark"\}/);
    assert.match(frame.body, /openai:set_globals/, "the window.openai layer is in the document");
    assert.equal((await get(`${http.origin}/__chatgpt-app/frame/not-an-id`)).status, 404);
  });

  test("old frames are dropped past maxFrames; oversized and malformed documents are refused", async () => {
    const paths: string[] = [];
    for (const n of [1, 2, 3]) paths.push(((await (await postFrame({ html: `<p>${n}</p>` })).json()) as { path: string }).path);
    assert.equal((await get(`${http.origin}${paths[0]}`)).status, 404);
    assert.equal((await get(`${http.origin}${paths[2]}`)).status, 200);
    assert.equal((await postFrame({ html: "x".repeat(2048) })).status, 413);
    assert.equal((await postFrame({ nohtml: true })).status, 400);
  });

  test("the event stream replays standing build errors, then forwards events", async () => {
    events.emit("preview", { type: "build-error", kind: "widget", name: "card", message: "widgets/card/index.tsx:3:1: boom" });
    events.emit("preview", { type: "build-error", kind: "widget", name: "gone", message: "fixed later" });
    events.emit("preview", { type: "widget-rebuilt", name: "gone", uri: "ui://widget/gone-abc123.html", hash: "abc123" });
    const controller = new AbortController();
    const response = await fetch(`${http.origin}/__chatgpt-app/events`, { signal: controller.signal });
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    const reader = response.body!.getReader();
    let text = "";
    const read = async () => {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    };
    await waitFor(async () => (text.includes("boom") ? true : (await read(), undefined)));
    assert.doesNotMatch(text, /fixed later/, "an error fixed since is not replayed");
    events.emit("preview", { type: "server-rebuilt", tools: 3 });
    await waitFor(async () => (text.includes('"server-rebuilt"') ? true : (await read(), undefined)));
    controller.abort();
  });
});
