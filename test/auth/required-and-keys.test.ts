import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { newSigningKey, startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { serveAuthApp, type AuthHost } from "../helpers/auth-host.js";
import { challengeParams, MemoryOAuthProvider, REDIRECT_URI } from "../helpers/oauth-client.js";
import { postJsonRpc, waitFor } from "../helpers/mcp.js";
import { probePort } from "../../src/process/ports.js";

const call = (name: string) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: {} } });

describe("auth.required: HTTP 401 and 403 from the host, the SDK client's flow from the 401", () => {
  let as: AuthServer;
  let app: AuthHost;
  after(async () => {
    await app?.close();
    await as?.close();
  });

  test("401 with resource_metadata and scope; the SDK transport signs in from it; 403 insufficient_scope", async () => {
    as = await startAuthServer();
    app = await serveAuthApp({ issuer: as.issuer, scopes: ["notes:read"], required: true });

    const anonymous = await postJsonRpc(app.mcpUrl, { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    assert.equal(anonymous.status, 401);
    const header = String(anonymous.headers["www-authenticate"]);
    assert.match(header, /^Bearer /);
    assert.deepEqual(challengeParams(header), {
      resource_metadata: `${app.http.origin}/.well-known/oauth-protected-resource/mcp`,
      scope: "notes:read",
    });

    const provider = new MemoryOAuthProvider();
    const transport = new StreamableHTTPClientTransport(new URL(app.mcpUrl), { authProvider: provider });
    const client = new Client({ name: "required", version: "1.0.0" });
    await assert.rejects(client.connect(transport), UnauthorizedError);
    assert.ok(provider.lastAuthorizationUrl, "the SDK was sent to sign in");
    assert.equal(provider.lastAuthorizationUrl.searchParams.get("scope"), "notes:read");
    const back = await as.authorize(provider.lastAuthorizationUrl, REDIRECT_URI);
    await transport.finishAuth(back.searchParams.get("code")!);
    const signedIn = new Client({ name: "required", version: "1.0.0" });
    await signedIn.connect(new StreamableHTTPClientTransport(new URL(app.mcpUrl), { authProvider: provider }));
    try {
      const result = await signedIn.callTool({ name: "whoami", arguments: {} });
      assert.deepEqual(result.structuredContent, { subject: as.subject, scopes: ["notes:read"] });
    } finally {
      await signedIn.close();
    }

    const writeOnly = await as.serviceToken(app.mcpUrl, "notes:write");
    const refused = await postJsonRpc(app.mcpUrl, call("greet"), { authorization: `Bearer ${writeOnly}` });
    assert.equal(refused.status, 403);
    const params = challengeParams(String(refused.headers["www-authenticate"]));
    assert.equal(params.error, "insufficient_scope");
    assert.equal(params.scope, "notes:read");
    assert.ok(params.error_description);
  });
});

describe("the issuer's keys", () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test("keys rotated at the provider are picked up", async () => {
    const first = await startAuthServer({ keys: [await newSigningKey("first")] });
    const app = await serveAuthApp({ issuer: first.issuer });
    cleanups.push(() => app.close());
    const before = await first.serviceToken(app.mcpUrl, "notes:read");
    assert.equal((await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: `Bearer ${before}` })).status, 200);
    await first.close();

    // The same issuer comes back signing with a new key only.
    const rotated = await startAuthServer({ port: first.port, keys: [await newSigningKey("second")] });
    cleanups.push(() => rotated.close());
    const after = await rotated.serviceToken(app.mcpUrl, "notes:read");
    const answered = await waitFor(async () => {
      const response = await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: `Bearer ${after}` });
      return response.status === 200 ? response : undefined;
    });
    assert.equal(answered.json!.result.structuredContent.subject, "test-service");
  });

  test("start-up with the authorization server down: the app serves, token calls fail clearly, then work once it is up", async () => {
    const port = await probePort(0, "127.0.0.1");
    const app = await serveAuthApp({ issuer: `http://127.0.0.1:${port}` });
    cleanups.push(() => app.close());

    const list = await postJsonRpc(app.mcpUrl, { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    assert.equal(list.status, 200);
    const greet = await postJsonRpc(app.mcpUrl, call("greet"));
    assert.deepEqual(greet.json!.result.structuredContent, { subject: null });
    const challenge = await postJsonRpc(app.mcpUrl, call("whoami"));
    assert.equal(challenge.json!.result.isError, true);

    const down = await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: "Bearer aaa.bbb.ccc" });
    assert.equal(down.status, 503);
    assert.match(down.json!.error.message, new RegExp(`authorization server http://127.0.0.1:${port} cannot be reached`));

    const as = await startAuthServer({ port });
    cleanups.push(() => as.close());
    const token = await as.serviceToken(app.mcpUrl, "notes:read");
    const answered = await waitFor(async () => {
      const response = await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: `Bearer ${token}` });
      return response.status === 200 ? response : undefined;
    });
    assert.equal(answered.json!.result.structuredContent.subject, "test-service");
  });
});

describe("dev's audiences", () => {
  let as: AuthServer;
  let app: AuthHost;
  after(async () => {
    await app?.close();
    await as?.close();
  });

  test("the audience follows the tunnel; tokens for the tunnel's and the local URL both pass; PRM names the URL reached", async () => {
    as = await startAuthServer();
    app = await serveAuthApp({ issuer: as.issuer }, { acceptLocal: true, allowedHosts: ["abc.ngrok.app"] });
    app.auth.setPublicUrl("https://abc.ngrok.app/mcp");
    for (const audience of ["https://abc.ngrok.app/mcp", app.mcpUrl]) {
      const token = await as.serviceToken(audience, "notes:read");
      const response = await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: `Bearer ${token}` });
      assert.equal(response.status, 200, audience);
    }
    const elsewhere = await as.serviceToken("https://old.ngrok.app/mcp", "notes:read");
    assert.equal((await postJsonRpc(app.mcpUrl, call("whoami"), { authorization: `Bearer ${elsewhere}` })).status, 401);

    // Through the tunnel's Host, the challenge names the tunnel's metadata.
    const challenge = await postJsonRpc(app.mcpUrl, call("whoami"), { host: "abc.ngrok.app" });
    assert.equal(challengeParams(challenge.json!.result._meta["mcp/www_authenticate"][0]).resource_metadata, "https://abc.ngrok.app/.well-known/oauth-protected-resource/mcp");
    const local = await (await fetch(`${app.http.origin}/.well-known/oauth-protected-resource`)).json();
    assert.equal(local.resource, app.mcpUrl);
  });
});
