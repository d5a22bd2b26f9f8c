import assert from "node:assert/strict";
import { existsSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { connect } from "../helpers/mcp.js";
import { challengeParams, MemoryOAuthProvider, signInWithSdk } from "../helpers/oauth-client.js";
import { REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";
import { runInitInProcess } from "../init/harness.js";

/** `init --auth oauth` of a TypeScript template into a temp project linked to this checkout, built. */
async function scaffold(template: "react" | "vanilla"): Promise<TempProject> {
  const project = tempProject();
  for (const name of ["react", "react-dom"]) symlinkSync(join(REPO_ROOT, "node_modules", name), join(project.dir, "node_modules", name), "dir");
  const init = await runInitInProcess(".", { template, auth: "oauth", install: false, git: false, yes: true, force: true }, { cwd: project.dir, env: process.env });
  assert.equal(init.code, 0, init.stderr);
  const build = await runCli(["build"], { cwd: project.dir, timeoutMs: 120_000 });
  assert.equal(build.code, 0, build.stderr);
  return project;
}

describe("init --auth oauth, end to end against oidc-provider", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  test("react: start with AUTH_ISSUER; the SDK client signs in and show_account returns the provider's subject", async () => {
    const as: AuthServer = await startAuthServer({ subject: "alice-42", scopes: ["account:read"] });
    cleanups.push(() => as.close());
    const project = await scaffold("react");
    cleanups.push(() => project.remove());
    assert.ok(existsSync(join(project.dir, "AUTH.md")));

    const start: Spawned = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0", AUTH_ISSUER: as.issuer } });
    cleanups.push(() => start.kill("SIGTERM"));
    const [url] = await start.waitForStdout(/http:\/\/\S+\/mcp/);

    const anonymous = await connect(url);
    let params: Record<string, string>;
    try {
      const greet = await anonymous.raw("tools/call", { name: "greet", arguments: {} });
      assert.deepEqual(greet.structuredContent, { signedIn: false, subject: null });
      const challenge = await anonymous.raw("tools/call", { name: "show_account", arguments: {} });
      assert.equal(challenge.isError, true);
      params = challengeParams(challenge._meta["mcp/www_authenticate"][0]);
      assert.equal(params.scope, "account:read");
    } finally {
      await anonymous.close();
    }
    const provider = new MemoryOAuthProvider();
    const tokens = await signInWithSdk(provider, as, { serverUrl: url, resourceMetadataUrl: params.resource_metadata, scope: params.scope });
    const client = new Client({ name: "template", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
    try {
      const result = await client.callTool({ name: "show_account", arguments: {} });
      assert.deepEqual(result.structuredContent, { subject: "alice-42" });
      const greet = await client.callTool({ name: "greet", arguments: {} });
      assert.deepEqual(greet.structuredContent, { signedIn: true, subject: "alice-42" });
      // The dice history is the signed-in user's: the same session passed back by anyone else finds none of it.
      const roll = async (c: Client, session?: string) =>
        (await c.callTool({ name: "roll_dice", arguments: { count: 1, ...(session ? { session } : {}) } })).structuredContent as { session: string; history: unknown[] };
      const { session } = await roll(client);
      assert.equal((await roll(client, session)).history.length, 2);
      const stranger = await connect(url);
      try {
        const copied = (await stranger.raw("tools/call", { name: "roll_dice", arguments: { count: 1, session } })).structuredContent;
        assert.equal(copied.history.length, 1, "a copied session starts a history of its own");
      } finally {
        await stranger.close();
      }
      assert.equal((await roll(client, session)).history.length, 3);
    } finally {
      await client.close();
    }
    assert.ok(!start.stderr().includes(tokens.access_token) && !start.stdout().includes(tokens.access_token), "nothing about the token is logged");
    assert.match(start.stderr(), new RegExp(`OAuth: tokens from ${as.issuer}`));
  });

  test("vanilla: the account tools are listed with their schemes, and lint finds nothing to say about them", async () => {
    const project = await scaffold("vanilla");
    cleanups.push(() => project.remove());
    const lint = await runCli(["lint", "--format", "json"], { cwd: project.dir, timeoutMs: 120_000 });
    const report = JSON.parse(lint.stdout) as { diagnostics: Array<{ ruleId: string; subject: { name?: string } }> };
    const aboutAuth = report.diagnostics.filter((d) => /oauth|auth-challenge|mixed-tool/.test(d.ruleId));
    assert.deepEqual(aboutAuth, []);
  });
});
