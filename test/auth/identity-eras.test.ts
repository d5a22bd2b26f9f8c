import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client as V2Client, StreamableHTTPClientTransport as V2Transport } from "@modelcontextprotocol/client";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { serveAuthApp, type AuthHost } from "../helpers/auth-host.js";
import { challengeParams } from "../helpers/oauth-client.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const MODERN = "2026-07-28";

/** The app on either SDK line; its handlers read the verified identity from `ctx.app.auth` only. */
const appOn = (sdk: 1 | 2) => `import { defineApp } from "chatgpt-app/server";

export default defineApp({
  name: "identity-app",
  version: "1.0.0",
  sdk: ${sdk},
  securitySchemes: [{ type: "noauth" }],
  setup(server: any) {
    const who = (ctx: any) => ({ subject: ctx.app.auth?.subject ?? null, scopes: ctx.app.auth?.scopes ?? [] });
    server.registerTool(
      "whoami",
      { title: "Who am I", description: "Use this to show the signed-in user.", securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }] },
      async (ctx: any) => ({ content: [{ type: "text", text: "me" }], structuredContent: who(ctx) }),
    );
    server.registerTool(
      "greet",
      { title: "Greet", description: "Use this to greet the user.", securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: ["notes:read"] }] },
      async (ctx: any) => ({ content: [{ type: "text", text: "hi" }], structuredContent: who(ctx) }),
    );
  },
});
`;

async function modernClient(url: string, token?: string): Promise<V2Client> {
  const client = new V2Client({ name: "identity", version: "1.0.0" }, { versionNegotiation: { mode: "auto" } });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  await client.connect(new V2Transport(new URL(url), { requestInit: { headers } }));
  assert.equal(client.getNegotiatedProtocolVersion(), MODERN);
  return client;
}

for (const sdk of [2, 1] as const) {
  describe(`handlers see the verified identity (SDK line ${sdk}), in both protocol eras`, () => {
    let as: AuthServer;
    let app: AuthHost;
    let token: string;

    before(async () => {
      as = await startAuthServer();
      app = await serveAuthApp({ issuer: as.issuer, scopes: ["notes:read"] }, { files: { "server/index.ts": appOn(sdk) } });
      token = await as.serviceToken(app.mcpUrl, "notes:read");
    });
    after(async () => {
      await app?.close();
      await as?.close();
    });

    test("a 2026-07-28 request with a valid token: the oauth2 tool's structuredContent names the subject", async () => {
      const client = await modernClient(app.mcpUrl, token);
      try {
        const result = await client.callTool({ name: "whoami", arguments: {} });
        assert.equal(result.isError, undefined, JSON.stringify(result));
        assert.deepEqual(result.structuredContent, { subject: "test-service", scopes: ["notes:read"] });
        const greet = await client.callTool({ name: "greet", arguments: {} });
        assert.deepEqual(greet.structuredContent, { subject: "test-service", scopes: ["notes:read"] });
      } finally {
        await client.close();
      }
    });

    test("a 2026-07-28 request without a token: the oauth2 tool answers the challenge, the mixed tool runs anonymously", async () => {
      const client = await modernClient(app.mcpUrl);
      try {
        const result = await client.callTool({ name: "whoami", arguments: {} });
        assert.equal(result.isError, true);
        const challenge = challengeParams((result._meta?.["mcp/www_authenticate"] as string[])[0]!);
        assert.equal(challenge.resource_metadata, `${app.http.origin}/.well-known/oauth-protected-resource/mcp`);
        assert.equal(challenge.error, "invalid_request");
        assert.equal(challenge.scope, "notes:read");
        const greet = await client.callTool({ name: "greet", arguments: {} });
        assert.deepEqual(greet.structuredContent, { subject: null, scopes: [] });
      } finally {
        await client.close();
      }
    });

    test("a 2025-era POST with a valid token: the handler sees the subject", async () => {
      const client = new Client({ name: "identity-2025", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(app.mcpUrl), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
      try {
        assert.notEqual((client.transport as { protocolVersion?: string } | undefined)?.protocolVersion ?? "", MODERN);
        const result = await client.callTool({ name: "whoami", arguments: {} });
        assert.equal(result.isError, undefined, JSON.stringify(result));
        assert.deepEqual(result.structuredContent, { subject: "test-service", scopes: ["notes:read"] });
      } finally {
        await client.close();
      }
    });
  });
}
