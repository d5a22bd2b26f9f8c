import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTestClient, type TestClient } from "chatgpt-app/testing";

const root = fileURLToPath(new URL("..", import.meta.url));

describe("account tools", () => {
  let app: TestClient;
  before(async () => {
    app = await createTestClient({ root });
  });
  after(() => app.close());

  test("show_account needs a sign-in with account:read; greet works anonymously too", async () => {
    const tools = await app.listTools();
    assert.deepEqual(tools.find((t) => t.name === "show_account")?.securitySchemes, [{ type: "oauth2", scopes: ["account:read"] }]);
    assert.deepEqual(tools.find((t) => t.name === "greet")?.securitySchemes, [{ type: "noauth" }, { type: "oauth2", scopes: ["account:read"] }]);
    const greet = await app.callTool("greet", {});
    assert.deepEqual(greet.structuredContent, { signedIn: false, subject: null });
  });
});
