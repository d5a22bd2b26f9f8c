import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { ToolListChangedNotificationSchema, ResourceListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../../src/config/load-config.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject, widgetEntries } from "../../src/host/project.js";
import { buildWidgets } from "../../src/widgets/bundle.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { connect, initializeRequest, postJsonRpc, waitFor, type Raw } from "../helpers/mcp.js";

describe("host over real HTTP", () => {
  let project: TempProject;
  let host: Host;
  let http: HttpHandle;
  let mcpUrl: string;

  before(async () => {
    project = tempProject("basic");
    const config = await loadConfig(project.dir);
    const loaded = await loadProject(config, { mode: "development" });
    host = new Host(loaded.state);
    http = await startHttpServer(host, { port: 0, allowedHosts: ["tunnel.example.ngrok.app", "*.onrender.com"], bodyLimit: 64 * 1024 });
    mcpUrl = `${http.origin}/mcp`;
  });
  after(async () => {
    await http?.close();
    project?.remove();
  });

  test("tools/list carries every key ChatGPT and MCP Apps hosts read, consistently", async () => {
    const c = await connect(mcpUrl);
    try {
      const { tools } = await c.raw("tools/list");
      const byName = new Map((tools as Raw[]).map((t) => [t.name, t]));
      assert.deepEqual([...byName.keys()].sort(), ["add", "explode", "show_card", "show_hello"]);

      const hello = byName.get("show_hello")!;
      const uri = hello._meta.ui.resourceUri as string;
      assert.match(uri, /^ui:\/\/widget\/hello-[0-9a-f]{12}\.html$/);
      assert.equal(hello._meta["openai/outputTemplate"], uri);
      assert.deepEqual(hello._meta.ui.visibility, ["model", "app"]);
      assert.equal(hello._meta["openai/widgetAccessible"], true);
      assert.equal(hello._meta["openai/toolInvocation/invoking"], "Writing the card…");
      assert.equal(hello._meta["openai/toolInvocation/invoked"], "Card ready");
      assert.deepEqual(hello.securitySchemes, [{ type: "noauth" }]);
      assert.deepEqual(hello._meta.securitySchemes, [{ type: "noauth" }]);
      assert.deepEqual(hello.annotations, { readOnlyHint: true, destructiveHint: false, openWorldHint: false });
      assert.equal(hello.outputSchema.type, "object");

      const card = byName.get("show_card")!;
      assert.deepEqual(card._meta.ui.visibility, ["model"]);
      assert.equal(card._meta["openai/widgetAccessible"], false, "widgetAccessible agrees with ui.visibility");
      assert.deepEqual(card.securitySchemes, [{ type: "oauth2", scopes: ["cards.read"] }]);
      assert.deepEqual(card._meta.securitySchemes, card.securitySchemes);

      const add = byName.get("add")!;
      assert.equal(add._meta.ui.resourceUri, undefined, "a tool without a widget names none");
      assert.equal(add._meta["openai/outputTemplate"], undefined);
      assert.deepEqual(add.securitySchemes, [{ type: "noauth" }], "the app's default schemes apply");
    } finally {
      await c.close();
    }
  });

  test("every widget resource is self-contained text/html;profile=mcp-app with its _meta on the contents", async () => {
    const c = await connect(mcpUrl);
    try {
      const { resources } = await c.client.listResources();
      assert.equal(resources.length, 2);
      for (const resource of resources) {
        assert.equal(resource.mimeType, "text/html;profile=mcp-app");
        assert.ok((resource._meta as Raw).ui.csp, "the list entry carries _meta.ui too");
        const { contents } = await c.client.readResource({ uri: resource.uri });
        const item = contents[0] as Raw;
        assert.equal(item.uri, resource.uri);
        assert.equal(item.mimeType, "text/html;profile=mcp-app");
        assert.match(item.text, /^<!doctype html>/i);
        assert.doesNotMatch(item.text, /<script[^>]*\bsrc=/i);
        assert.doesNotMatch(item.text, /<link[^>]*\bhref=/i);
        assert.deepEqual(item._meta.ui.csp, { connectDomains: [], resourceDomains: [] });
        assert.deepEqual(item._meta["openai/widgetCSP"], { connect_domains: [], resource_domains: [] });
      }
      const card = await c.client.readResource({ uri: resources.find((r) => r.uri.includes("card"))!.uri });
      assert.match((card.contents[0] as Raw).text, /data:image\/svg\+xml/, "images are inlined as data URLs");
    } finally {
      await c.close();
    }
  });

  test("reading an older hash of a widget answers with the current HTML", async () => {
    const current = host.state.widgets.get("hello")!;
    const old = "ui://widget/hello-0123456789ab.html";
    const c = await connect(mcpUrl);
    try {
      const { contents } = await c.client.readResource({ uri: old });
      assert.equal((contents[0] as Raw).text, current.html);
      assert.equal(contents[0]!.uri, old);
    } finally {
      await c.close();
    }
  });

  test("a POST without Mcp-Session-Id works, before and after an initialize", async () => {
    const init = await postJsonRpc(mcpUrl, initializeRequest());
    assert.equal(init.status, 200);
    assert.ok(init.headers["mcp-session-id"], "initialize hands out a session");
    const list = await postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} });
    assert.equal(list.status, 200);
    assert.equal(list.json?.result.tools.length, 4);
    const call = await postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "add", arguments: { a: 2, b: 3 } } });
    assert.equal(call.json?.result.content[0].text, "5");
    const resources = await postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: 4, method: "resources/list", params: {} });
    assert.equal(resources.json?.result.resources.length, 2);
    const uri = resources.json?.result.resources[0].uri;
    const read = await postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: 5, method: "resources/read", params: { uri } });
    assert.match(read.json?.result.contents[0].text, /^<!doctype html>/i);
  });

  test("Host checks: loopback, the tunnel host and allowed hosts pass; anything else gets 403", async () => {
    const list = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
    for (const hostHeader of [`127.0.0.1:${http.port}`, `localhost:${http.port}`, "tunnel.example.ngrok.app", "my-app.onrender.com"]) {
      const res = await postJsonRpc(mcpUrl, list, { host: hostHeader });
      assert.equal(res.status, 200, `Host ${hostHeader}`);
    }
    http.allowedHosts.add("late-tunnel.ngrok-free.app");
    assert.equal((await postJsonRpc(mcpUrl, list, { host: "late-tunnel.ngrok-free.app" })).status, 200);
    for (const hostHeader of ["evil.example.com", "onrender.com.evil.net", "10.0.0.5:8787"]) {
      const res = await postJsonRpc(mcpUrl, list, { host: hostHeader });
      assert.equal(res.status, 403, `Host ${hostHeader}`);
      assert.match(res.json?.error.message, /Invalid Host/);
    }
    const foreignOrigin = await postJsonRpc(mcpUrl, list, { origin: "https://evil.example.com" });
    assert.equal(foreignOrigin.status, 403);
  });

  test("an oversized body gets 413 and malformed JSON a JSON-RPC parse error", async () => {
    const big = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { pad: "x".repeat(70 * 1024) } } });
    const tooLarge = await postJsonRpc(mcpUrl, big);
    assert.equal(tooLarge.status, 413);
    const malformed = await postJsonRpc(mcpUrl, '{"jsonrpc": "2.0", "id": 1, "method": ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json?.error.code, -32700);
    assert.equal((await postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: 9, method: "tools/list", params: {} })).status, 200, "still serving");
  });

  test("a tool that throws gives isError and the server keeps serving; 200 concurrent calls all succeed", async () => {
    const c = await connect(mcpUrl);
    try {
      const failed = await c.client.callTool({ name: "explode", arguments: {} });
      assert.equal(failed.isError, true);
      assert.match(JSON.stringify(failed.content), /kaboom/);
    } finally {
      await c.close();
    }
    const calls = Array.from({ length: 200 }, (_, i) =>
      postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: i, method: "tools/call", params: { name: "add", arguments: { a: i, b: 1 } } }),
    );
    const results = await Promise.all(calls);
    results.forEach((r, i) => assert.equal(r.json?.result.content[0].text, String(i + 1)));
  });

  test("CORS preflight and /healthz", async () => {
    const preflight = await fetch(mcpUrl, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:6274", "access-control-request-method": "POST" },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), "http://localhost:6274");
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /mcp-session-id/);
    assert.match(preflight.headers.get("access-control-expose-headers") ?? "", /mcp-session-id/);
    const health = await fetch(`${http.origin}/healthz`, { headers: { host: "10.1.2.3" } });
    assert.equal(health.status, 200, "health checks pass whatever Host a platform sends");
    const body = (await health.json()) as Raw;
    assert.equal(body.status, "ok");
    assert.equal(body.widgets, 2);
  });

  for (const path of ["/sse", "/mcp"]) {
    test(`legacy HTTP+SSE transport at GET ${path}`, async () => {
      const c = await connect(`${http.origin}${path}`, "sse");
      try {
        const { tools } = await c.raw("tools/list");
        assert.equal((tools as Raw[]).find((t) => t.name === "show_hello")?.securitySchemes?.[0]?.type, "noauth");
        const result = await c.client.callTool({ name: "add", arguments: { a: 40, b: 2 } });
        assert.equal((result.content as Raw[])[0]!.text, "42");
      } finally {
        await c.close();
      }
    });
  }

  test("a client holding a session is told when the widgets change, and sees the new URI", async () => {
    const c = await connect(mcpUrl);
    const sse = await connect(`${http.origin}/sse`, "sse");
    try {
      let toolsChanged = 0;
      let resourcesChanged = 0;
      let sseToolsChanged = 0;
      c.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void (toolsChanged += 1));
      c.client.setNotificationHandler(ResourceListChangedNotificationSchema, async () => void (resourcesChanged += 1));
      sse.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => void (sseToolsChanged += 1));
      const before = (await c.raw("tools/list")).tools.find((t: Raw) => t.name === "show_hello")._meta.ui.resourceUri;

      // Give the SDK client's standalone GET stream a moment to open before the change.
      await new Promise((r) => setTimeout(r, 200));
      project.write("widgets/hello/index.ts", `document.getElementById("root")!.textContent = "changed ${"!".repeat(30)}";\n`);
      const config = await loadConfig(project.dir);
      const results = await buildWidgets({ root: project.dir, widgetsDir: config.widgetsDir, minify: false });
      const built = results.flatMap((r) => (r.ok ? [r.widget] : []));
      await host.update({ widgets: widgetEntries(config, built) });

      await waitFor(() => (toolsChanged > 0 && resourcesChanged > 0 && sseToolsChanged > 0 ? true : undefined));
      const after = (await c.raw("tools/list")).tools.find((t: Raw) => t.name === "show_hello")._meta.ui.resourceUri;
      assert.notEqual(after, before);
      const { contents } = await c.client.readResource({ uri: after });
      assert.match((contents[0] as Raw).text, /changed !!!/);
      const stateless = await postJsonRpc(mcpUrl, { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
      assert.equal(stateless.json?.result.tools.find((t: Raw) => t.name === "show_hello")._meta.ui.resourceUri, after);
    } finally {
      await c.close();
      await sse.close();
    }
  });
});
