import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import { Client as V2Client, StreamableHTTPClientTransport as V2Transport } from "@modelcontextprotocol/client";
import { loadConfig } from "../../src/config/load-config.js";
import type { AppState } from "../../src/host/app-state.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle, type HttpOptions } from "../../src/host/http.js";
import { loadProject } from "../../src/host/project.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { connect, postJsonRpc, waitFor, type Raw } from "../helpers/mcp.js";

const MODERN = "2026-07-28";
const envelope = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} };

/** A 2026-07-28 request as the spec has clients send it: `_meta` envelope and the standard headers. */
function modern(url: string, method: string, params: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const name = typeof params.name === "string" ? params.name : typeof params.uri === "string" ? params.uri : undefined;
  return postJsonRpc(
    url,
    { jsonrpc: "2.0", id: 7, method, params: { ...params, _meta: envelope } },
    { "mcp-protocol-version": MODERN, "mcp-method": method, ...(name ? { "mcp-name": name } : {}), ...headers },
  );
}

async function connectModern(url: string): Promise<V2Client> {
  const client = new V2Client({ name: "era-tests", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  await client.connect(new V2Transport(new URL(url)));
  return client;
}

/** The served state of the basic fixture, in the given mode, with any app changes. */
async function serve(project: TempProject, mode: "development" | "production", options: Partial<HttpOptions> = {}, app: Partial<AppState["app"]> = {}) {
  const loaded = await loadProject(await loadConfig(project.dir), { mode });
  const host = new Host({ ...loaded.state, app: { ...loaded.state.app, ...app } });
  const http = await startHttpServer(host, { port: 0, ...options });
  return { host, http, url: `${http.origin}/mcp` };
}

describe("both protocol eras on one /mcp", () => {
  let project: TempProject;
  let dev: { host: Host; http: HttpHandle; url: string };

  before(async () => {
    project = tempProject("basic");
    dev = await serve(project, "development", { sseKeepAliveMs: 40 });
  });
  after(async () => {
    await dev?.http.close();
    project?.remove();
  });

  test("a 2026-07-28 client (v2 SDK) and a 2025 client (v1 SDK) see the same tools, in the same order, and call them", async () => {
    const v2 = await connectModern(dev.url);
    const v1 = await connect(dev.url);
    try {
      assert.equal(v2.getNegotiatedProtocolVersion(), MODERN);
      const modernTools = (await v2.listTools()).tools;
      const { tools } = await v1.raw("tools/list");
      assert.deepEqual(modernTools.map((t) => t.name), (tools as Raw[]).map((t) => t.name));
      const hello = modernTools.find((t) => t.name === "show_hello")!;
      const helloV1 = (tools as Raw[]).find((t) => t.name === "show_hello")!;
      assert.deepEqual(hello._meta, helloV1._meta, "the metadata contract is the same in both eras");
      assert.match(String(hello._meta?.["openai/outputTemplate"]), /^ui:\/\/widget\/hello-[0-9a-f]{12}\.html$/);

      const result = await v2.callTool({ name: "show_hello", arguments: { name: "Ada" } });
      assert.deepEqual(result.structuredContent, { message: "Hello, Ada!" });
      const read = await v2.readResource({ uri: String(hello._meta?.["openai/outputTemplate"]) });
      assert.match(String((read.contents[0] as { text?: string }).text), /<html/i);
    } finally {
      await v2.close();
      await v1.close();
    }
  });

  test("2026-era results carry resultType and, in dev, ttlMs 0; server/discover answers; order is stable", async () => {
    const listed = await modern(dev.url, "tools/list");
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json?.result.resultType, "complete");
    assert.equal(listed.json?.result.ttlMs, 0);
    assert.equal(listed.json?.result.cacheScope, "public");
    const again = await modern(dev.url, "tools/list");
    assert.deepEqual(again.json?.result.tools.map((t: Raw) => t.name), listed.json?.result.tools.map((t: Raw) => t.name));

    const called = await modern(dev.url, "tools/call", { name: "add", arguments: { a: 2, b: 3 } });
    assert.equal(called.json?.result.resultType, "complete");
    assert.equal(called.json?.result.content[0].text, "5");

    const discovered = await modern(dev.url, "server/discover");
    assert.equal(discovered.status, 200, discovered.text);
    assert.deepEqual(discovered.json?.result.supportedVersions, [MODERN]);
    assert.equal(discovered.json?.result.capabilities.tools.listChanged, true, "dev announces list changes");
    assert.equal(discovered.json?.result._meta["io.modelcontextprotocol/serverInfo"].name, "fixture-basic");
  });

  test("header validation applies to 2026-era requests only: a mismatch is 400 with -32020, a 2025 POST is answered", async () => {
    const mismatch = await modern(dev.url, "tools/call", { name: "add", arguments: { a: 1, b: 1 } }, { "mcp-name": "show_hello" });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.json?.error.code, -32020);
    const wrongMethod = await modern(dev.url, "tools/list", {}, { "mcp-method": "tools/call" });
    assert.equal(wrongMethod.status, 400);
    assert.equal(wrongMethod.json?.error.code, -32020);

    // ChatGPT today: a session-less 2025-era POST, whatever stray headers it carries.
    const legacy = await postJsonRpc(dev.url, { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "add", arguments: { a: 1, b: 1 } } }, { "mcp-method": "tools/list" });
    assert.equal(legacy.status, 200, legacy.text);
    assert.equal(legacy.json?.result.content[0].text, "2");
    assert.equal(legacy.json?.result.resultType, undefined, "2025-era results are unchanged");
  });

  test("GET /mcp still opens the event stream 2025 clients and ChatGPT expect (never a 405)", async () => {
    const answer = await new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const req = request(dev.url, { headers: { accept: "text/event-stream", "mcp-protocol-version": MODERN } }, (res) => {
        resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] });
        res.destroy();
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(answer.status, 200);
    assert.match(answer.type ?? "", /text\/event-stream/);
  });

  test("CORS preflights allow Mcp-Method, Mcp-Name and the Mcp-Param-* headers asked for", async () => {
    const origin = dev.http.origin;
    const allowed = await new Promise<string>((resolve, reject) => {
      const req = request(dev.url, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, mcp-method, mcp-name, mcp-param-region" },
      }, (res) => {
        resolve(String(res.headers["access-control-allow-headers"]));
        res.resume();
      });
      req.on("error", reject);
      req.end();
    });
    for (const name of ["mcp-method", "mcp-name", "mcp-param-region", "mcp-protocol-version"]) assert.ok(allowed.split(", ").includes(name), `${name} in ${allowed}`);
  });

  test("dev: subscriptions/listen carries list changes after a reload, and keep-alive comments", async () => {
    const client = await connectModern(dev.url);
    try {
      let changed = 0;
      client.setNotificationHandler("notifications/tools/list_changed", () => void (changed += 1));
      const subscription = await client.listen({ toolsListChanged: true, resourcesListChanged: true });
      assert.equal(subscription.honoredFilter.toolsListChanged, true);
      await dev.host.update({ widgets: new Map(dev.host.state.widgets) });
      await waitFor(() => (changed > 0 ? true : undefined), 5000);
      await subscription.close();
    } finally {
      await client.close();
    }

    // Read raw: the stream gets comments between events, so proxies do not cut it.
    const text = await new Promise<string>((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: "2.0", id: "l1", method: "subscriptions/listen", params: { notifications: { toolsListChanged: true }, _meta: envelope } });
      const req = request(dev.url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": MODERN, "mcp-method": "subscriptions/listen" },
      }, (res) => {
        let seen = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => {
          seen += d;
          if (/^:/m.test(seen)) {
            resolve(seen);
            res.destroy();
          }
        });
        res.on("end", () => resolve(seen));
      });
      req.on("error", reject);
      req.end(body);
    });
    assert.match(text, /notifications\/subscriptions\/acknowledged/);
    assert.match(text, /^:/m);
  });

  test("start: a short TTL, public without auth and private when the app declares OAuth", async () => {
    const plain = await serve(project, "production", { cache: { ttlMs: 5000 } });
    const oauth = await serve(project, "production", {}, { securitySchemes: [{ type: "oauth2", scopes: ["cards.read"] }] });
    try {
      const listed = await modern(plain.url, "resources/list");
      assert.equal(listed.json?.result.ttlMs, 5000);
      assert.equal(listed.json?.result.cacheScope, "public");
      const discovered = await modern(plain.url, "server/discover");
      assert.equal(discovered.json?.result.capabilities.tools.listChanged, false, "start's lists never change");

      const private_ = await modern(oauth.url, "tools/list");
      assert.equal(private_.json?.result.ttlMs, 60_000, "the default TTL");
      assert.equal(private_.json?.result.cacheScope, "private");
    } finally {
      await plain.http.close();
      await oauth.http.close();
    }
  });

  test("graceful shutdown ends open subscriptions/listen streams", async () => {
    const own = await serve(project, "development");
    const client = await connectModern(own.url);
    const subscription = await client.listen({ toolsListChanged: true });
    await own.http.close({ timeoutMs: 2000 });
    assert.match(await subscription.closed, /graceful|remote/);
    await client.close();
  });
});

test("start reads CACHE_TTL (seconds) for the 2026-07-28 cache hints, and checks it", async () => {
  const { productionServeOptions } = await import("../../src/host/serve-options.js");
  const built = { port: 8787, host: "127.0.0.1", allowedHosts: [] };
  assert.equal(productionServeOptions(built, {}, {}).cacheTtl, 60);
  assert.equal(productionServeOptions(built, { CACHE_TTL: "0" }, {}).cacheTtl, 0);
  assert.equal(productionServeOptions(built, { CACHE_TTL: "300" }, {}).cacheTtl, 300);
  assert.throws(() => productionServeOptions(built, { CACHE_TTL: "soon" }, {}), /CACHE_TTL must be a number of seconds/);
});
