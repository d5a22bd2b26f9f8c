import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseRate, RateLimits } from "../../src/state/rate-limit.js";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { serveAuthApp, type AuthHost } from "../helpers/auth-host.js";
import { postJsonRpc } from "../helpers/mcp.js";

const list = (id: number) => ({ jsonrpc: "2.0", id, method: "tools/list", params: {} });

/**
 * Rate limits per client when the app has accounts: a signed-in request counts against its OAuth
 * subject (checked against a real oidc-provider's keys), whatever address or openai/subject it has.
 */
describe("rate limits: the OAuth subject is the client", () => {
  let as: AuthServer;
  let app: AuthHost;
  before(async () => {
    as = await startAuthServer();
    app = await serveAuthApp({ issuer: as.issuer, scopes: ["notes:read"] }, { rateLimits: new RateLimits({ client: parseRate("2/min", "RATE_LIMIT") }, { prefix: "t:" }) });
  });
  after(async () => {
    await app?.close();
    await as?.close();
  });

  test("each subject has its own count; anonymous requests count against the address", { timeout: 60_000 }, async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = (sub: string) => as.sign({ sub, aud: app.mcpUrl, scope: "notes:read", iat: now, exp: now + 600 });
    const post = async (id: number, bearer?: string) =>
      (await postJsonRpc(app.mcpUrl, list(id), bearer ? { authorization: `Bearer ${bearer}` } : {}, { timeoutMs: 10_000 })).status;
    const alice = await token("alice");
    assert.deepEqual([await post(1, alice), await post(2, alice), await post(3, alice)], [200, 200, 429]);
    // Another token for the same subject is the same client.
    assert.equal(await post(4, await token("alice")), 429);
    // Same address, another subject, or none: other clients.
    assert.equal(await post(5, await token("bob")), 200);
    assert.deepEqual([await post(6), await post(7), await post(8)], [200, 200, 429]);
  });
});
