import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { serveAuthApp, type AuthHost } from "../helpers/auth-host.js";
import { challengeParams, MemoryOAuthProvider, signInWithSdk } from "../helpers/oauth-client.js";
import { connect, postJsonRpc, type Raw } from "../helpers/mcp.js";

const call = (name: string, id = 1) => ({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: {} } });

describe("the host as an OAuth resource server, against oidc-provider", () => {
  let as: AuthServer;
  let app: AuthHost;

  before(async () => {
    as = await startAuthServer();
    app = await serveAuthApp({ issuer: as.issuer, scopes: ["notes:read", "notes:write"] });
  });
  after(async () => {
    await app?.close();
    await as?.close();
  });

  test("protected-resource metadata at both well-known paths", async () => {
    const origin = app.http.origin;
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      const response = await fetch(`${origin}${path}`);
      assert.equal(response.status, 200, path);
      assert.deepEqual(await response.json(), {
        resource: `${origin}/mcp`,
        authorization_servers: [as.issuer],
        scopes_supported: ["notes:read", "notes:write"],
        bearer_methods_supported: ["header"],
      });
    }
  });

  test("the SDK client's OAuth flow: challenge → metadata → registration → sign-in → the protected tool sees the subject", async () => {
    const anonymous = await connect(app.mcpUrl);
    let challenge: string;
    try {
      const result = await anonymous.raw("tools/call", { name: "whoami", arguments: {} });
      assert.equal(result.isError, true);
      challenge = (result._meta["mcp/www_authenticate"] as string[])[0]!;
      const params = challengeParams(challenge);
      assert.equal(params.resource_metadata, `${app.http.origin}/.well-known/oauth-protected-resource/mcp`);
      assert.equal(params.error, "invalid_request");
      assert.ok(params.error_description);
      assert.equal(params.scope, "notes:read");
    } finally {
      await anonymous.close();
    }

    const provider = new MemoryOAuthProvider();
    const params = challengeParams(challenge);
    const tokens = await signInWithSdk(provider, as, { serverUrl: app.mcpUrl, resourceMetadataUrl: params.resource_metadata, scope: params.scope });
    assert.equal(provider.registrations, 1, "registered dynamically");
    assert.match(provider.lastAuthorizationUrl!.searchParams.get("code_challenge_method") ?? "", /^S256$/);
    assert.equal(provider.lastAuthorizationUrl!.searchParams.get("resource"), app.mcpUrl);
    assert.equal(tokens.access_token.split(".").length, 3, "a JWT access token");

    const client = new Client({ name: "signed-in", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(app.mcpUrl), { authProvider: provider }));
    try {
      const result = await client.callTool({ name: "whoami", arguments: {} });
      assert.equal(result.isError, undefined);
      assert.deepEqual(result.structuredContent, { subject: as.subject, scopes: ["notes:read"] });
      // The mixed tool sees the user when a token comes.
      const greet = await client.callTool({ name: "greet", arguments: {} });
      assert.deepEqual(greet.structuredContent, { subject: as.subject });
      // A token without the tool's scope gets insufficient_scope, with the scope to ask for.
      const write = (await client.request({ method: "tools/call", params: { name: "write_note", arguments: {} } }, (await import("@modelcontextprotocol/sdk/types.js")).ResultSchema)) as Raw;
      assert.equal(write.isError, true);
      const insufficient = challengeParams(write._meta["mcp/www_authenticate"][0]);
      assert.equal(insufficient.error, "insufficient_scope");
      assert.equal(insufficient.scope, "notes:write");
      assert.ok(insufficient.error_description);
    } finally {
      await client.close();
    }
  });

  test("a mixed tool runs anonymously; public methods need no token", async () => {
    const c = await connect(app.mcpUrl);
    try {
      const greet = await c.raw("tools/call", { name: "greet", arguments: {} });
      assert.deepEqual(greet.structuredContent, { subject: null });
      await c.client.ping();
      const { tools } = await c.raw("tools/list");
      assert.ok((tools as Raw[]).some((t) => t.name === "whoami"));
      const { resources } = await c.raw("resources/list");
      const read = await c.raw("resources/read", { uri: resources[0].uri });
      assert.match(read.contents[0].text, /<html/i);
    } finally {
      await c.close();
    }
  });

  test("wrong audience, expired, bad signature and garbage tokens → HTTP 401 invalid_token", async () => {
    const wrongAudience = await as.serviceToken("http://127.0.0.1:1/other/mcp", "notes:read");
    const now = Math.floor(Date.now() / 1000);
    const expired = await as.sign({ sub: "user-1", aud: app.mcpUrl, scope: "notes:read", iat: now - 7200, exp: now - 3600 });
    const good = await as.serviceToken(app.mcpUrl, "notes:read");
    const [h, p] = good.split(".");
    const badSignature = `${h}.${p}.${Buffer.from("not the signature").toString("base64url")}`;
    for (const [what, token, pattern] of [
      ["wrong audience", wrongAudience, /audience/],
      ["expired", expired, /expired/],
      ["bad signature", badSignature, /signature/],
      ["not a JWT", "opaque-token-value", /not a JWT/],
    ] as const) {
      const response = await postJsonRpc(app.mcpUrl, call("greet"), { authorization: `Bearer ${token}` });
      assert.equal(response.status, 401, what);
      const params = challengeParams(String(response.headers["www-authenticate"]));
      assert.equal(params.error, "invalid_token", what);
      assert.match(params.error_description!, pattern, what);
      assert.equal(params.resource_metadata, `${app.http.origin}/.well-known/oauth-protected-resource/mcp`);
      assert.ok(!response.text.includes(token), `${what}: the token is not echoed`);
    }
    const ok = await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: `Bearer ${good}` });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.json!.result.structuredContent, { subject: "test-service", scopes: ["notes:read"] });
  });
});
