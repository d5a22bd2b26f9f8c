import assert from "node:assert/strict";
import { get } from "node:http";
import { after, before, describe, test } from "node:test";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { serveAuthApp, type AuthHost } from "../helpers/auth-host.js";
import { challengeParams } from "../helpers/oauth-client.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { postJsonRpc } from "../helpers/mcp.js";

const MODERN = "2026-07-28";
const envelope = { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} };

const appOn = (sdk: 1 | 2) => `import { defineApp } from "chatgpt-app/server";

export default defineApp({
  name: "origin-app",
  version: "1.0.0",
  sdk: ${sdk},
  securitySchemes: [{ type: "noauth" }],
  setup(server: any) {
    server.registerTool(
      "whoami",
      { title: "Who am I", description: "Use this to show the signed-in user.", securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }] },
      async (ctx: any) => ({ content: [{ type: "text", text: "me" }], structuredContent: { subject: ctx.app.auth?.subject ?? null } }),
    );
  },
});
`;

type Era = "2025" | "2026";

/** A POST in either era: a 2025-era session-less POST, or a 2026-07-28 request with its `_meta` envelope and headers. */
function post(url: string, era: Era, method: string, params: Record<string, unknown>, headers: Record<string, string>) {
  if (era === "2025") return postJsonRpc(url, { jsonrpc: "2.0", id: 1, method, params }, headers);
  const name: Record<string, string> = typeof params.name === "string" ? { "mcp-name": params.name } : {};
  return postJsonRpc(url, { jsonrpc: "2.0", id: 1, method, params: { ...params, _meta: envelope } }, { "mcp-protocol-version": MODERN, "mcp-method": method, ...name, ...headers });
}

/** A GET over node:http (fetch drops a custom Host header). */
function getJson(url: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve(JSON.parse(text) as Record<string, unknown>));
    }).on("error", reject);
  });
}

for (const sdk of [2, 1] as const) {
  describe(`auth challenges and metadata name the origin a request came in on (SDK line ${sdk}), in both eras`, () => {
    let as: AuthServer;
    let app: AuthHost;

    before(async () => {
      as = await startAuthServer();
      app = await serveAuthApp(
        { issuer: as.issuer, scopes: ["notes:read"] },
        { allowedHosts: ["notes.test", "public.example"], trustProxy: true, files: { "server/index.ts": appOn(sdk) } },
      );
    });
    after(async () => {
      await app?.close();
      await as?.close();
    });

    const ways = (): Array<{ way: string; headers: Record<string, string>; origin: string }> => [
      // A second name this server answers to (as if resolved to 127.0.0.1).
      { way: "a second allowed Host", headers: { host: `notes.test:${app.http.port}` }, origin: `http://notes.test:${app.http.port}` },
      // A proxy the deployment trusts, terminating TLS in front of it.
      { way: "a trusted proxy's X-Forwarded-Host and -Proto", headers: { "x-forwarded-host": "public.example", "x-forwarded-proto": "https" }, origin: "https://public.example" },
    ];

    test("the per-tool challenge, the 401 header of auth.required and the PRM document all name that origin", async () => {
      for (const { way, headers, origin } of ways()) {
        const metadataUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;
        const prm = await getJson(`${app.http.origin}/.well-known/oauth-protected-resource/mcp`, headers);
        assert.equal(prm.resource, `${origin}/mcp`, way);
        for (const era of ["2025", "2026"] as const) {
          const called = await post(app.mcpUrl, era, "tools/call", { name: "whoami", arguments: {} }, headers);
          assert.equal(called.status, 200, `${way}, ${era}: ${called.text}`);
          assert.equal(called.json!.result.isError, true, `${way}, ${era}`);
          const challenge = challengeParams(called.json!.result._meta["mcp/www_authenticate"][0]);
          assert.equal(challenge.resource_metadata, metadataUrl, `${way}, ${era}: per-tool`);
          assert.equal(challenge.error, "invalid_request");

          app.auth.settings.required = true;
          try {
            const refused = await post(app.mcpUrl, era, "tools/list", {}, headers);
            assert.equal(refused.status, 401, `${way}, ${era}`);
            assert.equal(challengeParams(String(refused.headers["www-authenticate"])).resource_metadata, metadataUrl, `${way}, ${era}: header`);
          } finally {
            app.auth.settings.required = false;
          }
        }
      }
    });

    test("a session opened through that name (Streamable HTTP, legacy SSE) names it in its tools' challenges, after a reload too", async () => {
      const headers = { "x-forwarded-host": "public.example", "x-forwarded-proto": "https" };
      const metadataUrl = "https://public.example/.well-known/oauth-protected-resource/mcp";
      for (const kind of ["streamable", "sse"] as const) {
        const client = new Client({ name: "origin-test", version: "1.0.0" });
        const url = new URL(kind === "sse" ? `${app.http.origin}/sse` : app.mcpUrl);
        await client.connect(kind === "sse" ? new SSEClientTransport(url, { requestInit: { headers } }) : new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
        try {
          for (const when of ["first", "after a reload"]) {
            if (when !== "first") await app.host.update({});
            const called = (await client.request({ method: "tools/call", params: { name: "whoami", arguments: {} } }, ResultSchema, { timeout: 10_000 })) as Record<string, any>;
            assert.equal(called.isError, true, `${kind}, ${when}`);
            assert.equal(challengeParams(called._meta["mcp/www_authenticate"][0]).resource_metadata, metadataUrl, `${kind}, ${when}`);
          }
        } finally {
          await client.close();
        }
      }
    });

    test("a token for that origin's resource is accepted through it, and only through it", async () => {
      for (const { way, headers, origin } of ways()) {
        const token = await as.serviceToken(`${origin}/mcp`, "notes:read");
        for (const era of ["2025", "2026"] as const) {
          const called = await post(app.mcpUrl, era, "tools/call", { name: "whoami", arguments: {} }, { ...headers, authorization: `Bearer ${token}` });
          assert.equal(called.status, 200, `${way}, ${era}: ${called.text}`);
          assert.deepEqual(called.json!.result.structuredContent, { subject: "test-service" }, `${way}, ${era}`);
          // The same token sent to the server's loopback URL names another resource.
          const elsewhere = await post(app.mcpUrl, era, "tools/call", { name: "whoami", arguments: {} }, { authorization: `Bearer ${token}` });
          assert.equal(elsewhere.status, 401, `${way}, ${era}`);
          assert.equal(challengeParams(String(elsewhere.headers["www-authenticate"])).error, "invalid_token");
        }
      }
    });
  });
}

describe("without trustProxy, X-Forwarded-Host names nothing", () => {
  let as: AuthServer;
  let app: AuthHost;
  after(async () => {
    await app?.close();
    await as?.close();
  });

  test("the challenge and the metadata stay on the Host the request was sent to", async () => {
    as = await startAuthServer();
    app = await serveAuthApp({ issuer: as.issuer, scopes: ["notes:read"] }, { allowedHosts: ["public.example"] });
    const headers = { "x-forwarded-host": "public.example", "x-forwarded-proto": "https" };
    for (const era of ["2025", "2026"] as const) {
      const called = await post(app.mcpUrl, era, "tools/call", { name: "whoami", arguments: {} }, headers);
      const challenge = challengeParams(called.json!.result._meta["mcp/www_authenticate"][0]);
      assert.equal(challenge.resource_metadata, `${app.http.origin}/.well-known/oauth-protected-resource/mcp`, era);
    }
    assert.equal((await getJson(`${app.http.origin}/.well-known/oauth-protected-resource`, headers)).resource, app.mcpUrl);
  });
});
