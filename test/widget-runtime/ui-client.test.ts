// The lean MCP Apps view client (src/widget-runtime/ui-client.ts) against ext-apps' real
// AppBridge in Chromium, 1.x and 2.x: it must put on the wire what ext-apps' own App does, and
// keep what App keeps out (messages from other windows), with App's ids, errors and timeouts.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import * as esbuild from "esbuild";
import type { Frame, Page } from "playwright-core";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { REPO_ROOT } from "../helpers/project.js";
import { bundleForBrowser, EXT_APPS_1, HTML, JS, serveStatic, widgetDocument, type StaticServer } from "./harness.js";

type Params = Record<string, any>;
const FIXTURES = join(REPO_ROOT, "test", "widget-runtime", "fixtures");
const hostPage = (script: string) => `<!doctype html><html><head><meta charset="utf-8"></head><body><script src="${script}"></script></body></html>`;
/** Which ext-apps line the host's AppBridge and the probe's `App` come from. */
type Line = "1.x" | "2.x";
const SUFFIX: Record<Line, string> = { "1.x": "-1", "2.x": "" };

let browser: BrowserHandle;
let server: StaticServer;

before(async () => {
  const [host, probe, host2, probe2] = await Promise.all([
    bundleForBrowser(join(FIXTURES, "ui-host.ts"), "iife", EXT_APPS_1),
    widgetDocument(join(FIXTURES, "probe.ts"), "probe", "", EXT_APPS_1),
    bundleForBrowser(join(FIXTURES, "ui-host.ts"), "iife"),
    widgetDocument(join(FIXTURES, "probe.ts")),
  ]);
  server = await serveStatic({
    "/host-1.html": { type: HTML, body: hostPage("/host-1.js") },
    "/host-1.js": { type: JS, body: host },
    "/probe-1.html": { type: HTML, body: probe },
    "/host.html": { type: HTML, body: hostPage("/host.js") },
    "/host.js": { type: JS, body: host2 },
    "/probe.html": { type: HTML, body: probe2 },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

interface Mounted {
  page: Page;
  /** The widget's frame (another origin than the host, as in a real host's sandbox). */
  widget: Frame;
  host<T = any>(script: string): Promise<T>;
  view<T = any>(script: string): Promise<T>;
}

async function mount(query = "", line: Line = "1.x"): Promise<Mounted> {
  const page = await browser.context.newPage();
  await page.goto(`${server.origin}/host${SUFFIX[line]}.html`);
  await page.evaluate((src) => (window as any).testHost.mount(src), `${server.otherOrigin}/probe${SUFFIX[line]}.html${query}`);
  const widget = page.frames().find((f) => f.url().includes(`/probe${SUFFIX[line]}.html`))!;
  assert.deepEqual(await widget.evaluate(() => (window as any).probe.connected), { result: undefined }, "the handshake completed");
  return {
    page,
    widget,
    host: (script) => page.evaluate(`(async (h) => ${script})(window.testHost)`),
    view: (script) => widget.evaluate(`(async (p, c) => ${script})(window.probe, window.probe.client)`),
  };
}

/** Everything the view and host exchange in one session, driven identically for either client. */
async function conversation(query: string, line: Line = "1.x") {
  const m = await mount(query, line);
  try {
    await m.host("h.sendToolInputPartial({ q: 'pi' })");
    await m.host("h.sendToolInput({ q: 'pizza' })");
    await m.host("h.sendToolResult({ structuredContent: { n: 1 }, _meta: { secret: 's' } })");
    await m.host("h.setContext({ theme: 'dark', displayMode: 'inline', locale: 'fr-FR' })");
    await m.host("h.sendToolCancelled('user action')");
    await waitFor(async () => ((await m.view<unknown[]>("p.events")).length === 5 ? true : undefined));
    const calls = [
      await m.view("p.settle(() => c.callServerTool({ name: 'echo', arguments: { text: 'hi' } }))"),
      await m.view("p.settle(() => c.callServerTool({ name: 'echo', arguments: { text: 'rpc-error' } }))"),
      await m.view("p.settle(() => c.callServerTool({ name: 'echo', arguments: { text: 'thrown' } }))"),
      await m.view("p.settle(() => c.sendMessage({ role: 'user', content: [{ type: 'text', text: 'hello' }] }))"),
      await m.view("p.settle(() => c.openLink({ url: 'https://example.com' }))"),
      await m.view("p.settle(() => c.openLink({ url: 'ftp://example.com' }))"),
      await m.view("p.settle(() => c.requestDisplayMode({ mode: 'pip' }))"),
      await m.view("p.settle(() => c.updateModelContext({ structuredContent: { count: 2 } }))"),
      await m.view("p.settle(() => c.sendLog({ level: 'info', data: 'logged' }))"),
      await m.view("c.getHostContext()"),
      await m.view("c.getHostCapabilities()"),
      await m.view("c.getHostVersion()"),
    ];
    const hostAsked = [await m.host("h.ping()"), await m.host("h.askUnknown()"), await m.host("h.teardown()")];
    await waitFor(async () => ((await m.host<unknown[]>("h.logs")).length === 1 ? true : undefined));
    const raw = await m.host<Params[]>("h.raw");
    return {
      // Size reports depend on when frames paint; they are checked on their own below.
      wire: raw.filter((message) => message.method !== "ui/notifications/size-changed"),
      sizes: raw.filter((message) => message.method === "ui/notifications/size-changed"),
      events: await m.view<unknown[]>("p.events"),
      calls,
      hostAsked,
      appInfo: await m.host("h.appInfo()"),
      logs: await m.host("h.logs"),
    };
  } finally {
    await m.page.close();
  }
}

describe("the lean MCP Apps client (ui-client.ts) against ext-apps' AppBridge", () => {
  test("puts on the wire, and hands its caller, exactly what ext-apps' App does", async () => {
    const lean = await conversation("");
    const app = await conversation("?client=app");
    assert.deepEqual(lean.wire, app.wire, "every message the view sent, ids, params and replies included");
    assert.deepEqual(lean.events, app.events, "what the handlers received");
    assert.deepEqual(lean.calls, app.calls, "results and errors of the view's requests");
    assert.deepEqual(lean.hostAsked, app.hostAsked, "the replies to ping, an unknown method and ui/resource-teardown");
    assert.deepEqual(lean.appInfo, app.appInfo);
    assert.deepEqual(lean.logs, app.logs);
    assert.ok(lean.sizes.length > 0 && app.sizes.length > 0, "both report their size");

    // And what that wire is, spelled out.
    const [initialize, initialized] = lean.wire;
    assert.deepEqual(initialize, {
      jsonrpc: "2.0",
      id: 0,
      method: "ui/initialize",
      params: { appCapabilities: { availableDisplayModes: ["inline", "fullscreen"] }, appInfo: { name: "probe", version: "1.2.3" }, protocolVersion: "2026-01-26" },
    });
    assert.deepEqual(initialized, { jsonrpc: "2.0", method: "ui/notifications/initialized" });
    const call = lean.wire.find((m) => m.method === "tools/call")!;
    assert.deepEqual(call.params, { name: "echo", arguments: { text: "hi" }, _meta: { progressToken: call.id } });
    assert.deepEqual(lean.calls[0], { result: { content: [{ type: "text", text: "hi" }], structuredContent: { echoed: "hi" } } });
    assert.deepEqual(lean.calls[1], {
      error: { name: "McpError", code: -32602, message: "MCP error -32602: MCP error -32602: bad arguments", data: { field: "text" } },
    });
    assert.deepEqual(lean.calls[2], { error: { name: "McpError", code: -32603, message: "MCP error -32603: the host broke", data: undefined } });
    assert.deepEqual(lean.hostAsked, [{ result: {} }, { error: { code: -32601, message: "MCP error -32601: Method not found" } }, { result: {} }]);
    assert.deepEqual(lean.events.at(2), { event: "toolresult", params: { content: [], structuredContent: { n: 1 }, _meta: { secret: "s" } } });
  });

  test("on ext-apps 2.x: the same wire as 2.x's App against 2.x's AppBridge, and the same results; errors keep App 1.x's McpError", async () => {
    const lean = await conversation("", "2.x");
    const app = await conversation("?client=app", "2.x");
    const before = await conversation("");
    for (const key of ["wire", "events", "hostAsked", "appInfo", "logs"] as const) assert.deepEqual(lean[key], app[key], `${key}: ours and 2.x's App`);
    // What the view sends and receives is the same on both lines (how each AppBridge words its own errors is not).
    for (const key of ["wire", "events", "appInfo", "logs"] as const) assert.deepEqual(lean[key], before[key], `${key}: ours on 2.x as on 1.x`);
    assert.deepEqual(lean.calls, before.calls, "ours hands its caller the same on either host");
    assert.ok(lean.sizes.length > 0 && app.sizes.length > 0, "both report their size");
    // 2.x's App rejects with the SDK's ProtocolError and the host's message as sent; ours keeps
    // chatgpt-app/widget's McpError (1.x's name and "MCP error <code>: " prefix): same code and data.
    lean.calls.forEach((call: Params, i: number) => {
      const theirs = app.calls[i] as Params;
      if (!call.error) return assert.deepEqual(call, theirs, `call ${i}`);
      assert.equal(theirs.error.name, "ProtocolError");
      assert.deepEqual({ code: call.error.code, data: call.error.data }, { code: theirs.error.code, data: theirs.error.data });
      assert.equal(call.error.message, `MCP error ${call.error.code}: ${theirs.error.message}`);
    });
  });

  test("ignores messages from any window but the parent: forged notifications and a forged response", async () => {
    const m = await mount();
    try {
      const forgedResult = { jsonrpc: "2.0", method: "ui/notifications/tool-result", params: { structuredContent: { forged: true } } };
      await m.host(`h.intrude(${JSON.stringify(forgedResult)})`);
      await m.view(`window.postMessage(${JSON.stringify(forgedResult)}, "*")`);
      await waitFor(async () => ((await m.view<Params[]>("p.raw")).filter((r) => !r.fromParent).length === 2 ? true : undefined));

      // A call the host holds, and a sibling frame answering it first with the right id.
      const pending = m.view("p.settle(() => c.callServerTool({ name: 'echo', arguments: { text: 'hold' } })).then((r) => (window.settled = r))");
      const id = await waitFor(() => m.host("h.heldId()"));
      await m.host(`h.intrude(${JSON.stringify({ jsonrpc: "2.0", id, result: { content: [], structuredContent: { forged: true } } })})`);
      await waitFor(async () => ((await m.view<Params[]>("p.raw")).filter((r) => !r.fromParent).length === 3 ? true : undefined));
      assert.equal(await m.view("window.settled"), undefined, "the forged response did not settle the call");

      await m.host("h.release({ content: [], structuredContent: { genuine: true } })");
      await pending;
      assert.deepEqual(await m.view("window.settled"), { result: { content: [], structuredContent: { genuine: true } } });
      assert.deepEqual(await m.view("p.events"), [], "no handler saw the forged notifications");
    } finally {
      await m.page.close();
    }
  });

  test("a request the host never answers times out with App's error and a notifications/cancelled", async () => {
    const m = await mount("?timeout=300");
    try {
      const outcome = await m.view("p.settle(() => c.callServerTool({ name: 'echo', arguments: { text: 'hang' } }))");
      assert.deepEqual(outcome, { error: { name: "McpError", code: -32001, message: "MCP error -32001: Request timed out", data: { timeout: 300 } } });
      const raw = await waitFor(async () => {
        const all = await m.host<Params[]>("h.raw");
        return all.some((r) => r.method === "notifications/cancelled") ? all : undefined;
      });
      const call = raw.find((r) => r.method === "tools/call")!;
      assert.deepEqual(raw.find((r) => r.method === "notifications/cancelled")!.params, {
        requestId: call.id,
        reason: "McpError: MCP error -32001: Request timed out",
      });
    } finally {
      await m.page.close();
    }
  });

  test("reports its size after the handshake and again when the content grows (ui/notifications/size-changed)", async () => {
    const m = await mount();
    try {
      const first = await waitFor(async () => (await m.host<Params[]>("h.sizes"))[0]);
      assert.equal(first.width, 500, "the frame's width");
      assert.ok(first.height > 0 && first.height < 200, `a short document: ${first.height}`);
      await m.view("document.body.append(Object.assign(document.createElement('div'), { style: 'height: 900px' }))");
      const grown = await waitFor(async () => (await m.host<Params[]>("h.sizes")).find((s) => s.height >= 900));
      assert.equal(grown.width, 500);
      const raw = await m.host<Params[]>("h.raw");
      assert.ok(raw.findIndex((r) => r.method === "ui/notifications/size-changed") > raw.findIndex((r) => r.method === "ui/notifications/initialized"));
    } finally {
      await m.page.close();
    }
  });
});

describe("widget bundles", () => {
  test("chatgpt-app/widget and chatgpt-app/react bundle neither zod nor the MCP SDK, and never evaluate code", async () => {
    for (const entry of ["widget.ts", "react.ts"]) {
      const result = await esbuild.build({
        entryPoints: [join(REPO_ROOT, "src", "exports", entry)],
        bundle: true,
        write: false,
        format: "esm",
        platform: "browser",
        external: ["react", "react-dom"],
        metafile: true,
        logLevel: "silent",
      });
      const inputs = Object.keys(result.metafile.inputs);
      assert.deepEqual(
        inputs.filter((input) => /node_modules/.test(input)),
        [],
        `${entry} bundles only our own code`,
      );
      assert.doesNotMatch(result.outputFiles[0]!.text, /new Function|\beval\(/, `${entry} stays within a CSP without 'unsafe-eval'`);
    }
  });
});
