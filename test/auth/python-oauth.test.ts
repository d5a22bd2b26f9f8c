import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { newSigningKey, startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { runCli } from "../helpers/cli.js";
import { connect, postJsonRpc, waitFor } from "../helpers/mcp.js";
import { challengeParams, MemoryOAuthProvider, signInWithSdk } from "../helpers/oauth-client.js";
import { scaffoldPythonProject } from "../dev/python-venv.js";
import { tempDir } from "../init/harness.js";
import { startDev, type DevProcess } from "../dev/dev-helpers.js";
import { REPO_ROOT } from "../helpers/project.js";

const STAND_IN = join(REPO_ROOT, "test", "helpers", "tunnel-stand-in.mjs");

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `python -m server` of a scaffolded project on a free port, once /healthz answers. */
async function startPython(dir: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output(): string }> {
  const port = await freePort();
  let output = "";
  const child = spawn(join(dir, ".venv", "bin", "python"), ["-m", "server"], { cwd: dir, env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", ...env } });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  await waitFor(async () => ((await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ? true : undefined), 60_000, 200);
  return { child, url: `http://127.0.0.1:${port}/mcp`, output: () => output };
}

/** `init --template python --sdk <sdk> --auth oauth`, built, served with AUTH_ISSUER naming a fresh oidc-provider. */
async function startOAuthProject(parent: string, name: string, sdk: 1 | 2, subject: string) {
  const as = await startAuthServer({ subject, scopes: ["account:read"] });
  const dir = await scaffoldPythonProject(parent, name, sdk, ["--auth", "oauth"]);
  const build = await runCli(["build"], { cwd: dir });
  assert.equal(build.code, 0, build.stderr);
  return { as, dir, ...(await startPython(dir, { AUTH_ISSUER: as.issuer })) };
}

/**
 * PRM names the issuer (as `listedIssuer`); anonymously greet runs and show_account answers the
 * per-tool challenge; after the SDK client's own sign-in both name `subject`. Answers the tokens.
 */
async function checkSignIn(url: string, as: AuthServer, subject: string, listedIssuer = as.issuer) {
  const prm = (await (await fetch(new URL("/.well-known/oauth-protected-resource/mcp", url))).json()) as Record<string, unknown>;
  assert.deepEqual([prm.resource, prm.authorization_servers, prm.scopes_supported], [url, [listedIssuer], ["account:read"]]);
  const anonymous = await connect(url);
  let params: Record<string, string>;
  try {
    const greet = await anonymous.raw("tools/call", { name: "greet", arguments: {} });
    assert.deepEqual(greet.structuredContent, { signedIn: false, subject: null });
    const { tools } = await anonymous.raw("tools/list");
    const account = (tools as Array<{ name: string; securitySchemes?: unknown }>).find((t) => t.name === "show_account");
    assert.deepEqual(account?.securitySchemes, [{ type: "oauth2", scopes: ["account:read"] }]);
    const challenge = await anonymous.raw("tools/call", { name: "show_account", arguments: {} });
    assert.equal(challenge.isError, true);
    params = challengeParams(challenge._meta["mcp/www_authenticate"][0]);
    assert.deepEqual([params.resource_metadata, params.error, params.scope], [`${new URL(url).origin}/.well-known/oauth-protected-resource/mcp`, "invalid_request", "account:read"]);
  } finally {
    await anonymous.close();
  }
  const provider = new MemoryOAuthProvider();
  const tokens = await signInWithSdk(provider, as, { serverUrl: url, resourceMetadataUrl: params.resource_metadata, scope: params.scope });
  const client = new Client({ name: "python-oauth", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { authProvider: provider }));
  try {
    assert.deepEqual((await client.callTool({ name: "show_account", arguments: {} })).structuredContent, { subject });
    assert.deepEqual((await client.callTool({ name: "greet", arguments: {} })).structuredContent, { signedIn: true, subject });
  } finally {
    await client.close();
  }
  return tokens;
}

describe("init --template python --auth oauth (mcp 2.x), against oidc-provider", { timeout: 900_000 }, () => {
  const workspace = tempDir("chatgpt-app-python-oauth-");
  let as: AuthServer;
  let server: ChildProcess;
  let output: () => string;
  let url: string;
  let dir: string;

  before(async () => {
    ({ as, dir, child: server, url, output } = await startOAuthProject(workspace.dir, "py-auth", 2, "pat-python"));
  });
  after(async () => {
    server?.kill("SIGTERM");
    await as?.close();
    workspace.remove();
  });

  test("PRM names the issuer; the mixed tool runs anonymously; show_account challenges, then names the provider's subject after the SDK's sign-in", async () => {
    const tokens = await checkSignIn(url, as, "pat-python");
    assert.ok(!output().includes(tokens.access_token), "nothing about the token is logged");
  });

  test("the project's own tests pass, the account tools' among them", () => {
    const out = execFileSync(join(dir, ".venv", "bin", "python"), ["-m", "pytest", "-p", "no:cacheprovider", "-rA"], { cwd: dir, encoding: "utf8", timeout: 300_000, env: { ...process.env, AUTH_ISSUER: "" } });
    assert.match(out, /PASSED tests\/test_account\.py::test_account_tools_declare_their_sign_in/);
    assert.doesNotMatch(out, /\bfailed\b/);
  });

  test("wrong audience, expired and badly signed tokens → HTTP 401 invalid_token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
    const tokens = {
      audience: await as.sign({ sub: "x", aud: "https://elsewhere.example/mcp", exp: now + 600, scope: "account:read" }),
      expired: await as.sign({ sub: "x", aud: url, exp: now - 600, scope: "account:read" }),
      signature: (await as.sign({ sub: "x", aud: url, exp: now + 600 })).replace(/.{4}$/, "AAAA"),
    };
    for (const [what, token] of Object.entries(tokens)) {
      const response = await postJsonRpc(url, body, { authorization: `Bearer ${token}` });
      assert.equal(response.status, 401, what);
      assert.match(String(response.headers["www-authenticate"] ?? ""), /error="invalid_token"/, what);
    }
    const good = await as.sign({ sub: "x", aud: url, exp: now + 600, scope: "account:read" });
    assert.equal((await postJsonRpc(url, body, { authorization: `Bearer ${good}` })).status, 200);
  });

  test("start-up with the authorization server down: the server comes up, anonymous calls work, token calls get 503, then pass once it is up", async () => {
    const port = await freePort();
    const down = await startPython(dir, { AUTH_ISSUER: `http://127.0.0.1:${port}` });
    try {
      const call = (name: string) => ({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name, arguments: {} } });
      const anonymous = await postJsonRpc(down.url, call("greet"));
      assert.deepEqual(anonymous.json?.result?.structuredContent, { signedIn: false, subject: null });
      const later = await startAuthServer({ port, subject: "pat-python", scopes: ["account:read"] });
      const token = await later.serviceToken(down.url, "account:read");
      await later.close();
      const refused = await postJsonRpc(down.url, call("show_account"), { authorization: `Bearer ${token}` });
      assert.equal(refused.status, 503, refused.text);
      assert.match(refused.text, /authorization server cannot be reached/);
      const back = await startAuthServer({ port, subject: "pat-python", scopes: ["account:read"], keys: [later.signingKey] });
      try {
        const answered = await postJsonRpc(down.url, call("show_account"), { authorization: `Bearer ${token}` });
        assert.equal(answered.status, 200, answered.text);
        assert.deepEqual(answered.json?.result?.structuredContent, { subject: "test-service" });
      } finally {
        await back.close();
      }
    } finally {
      down.child.kill("SIGTERM");
    }
  });

  test("keys rotated at the provider are picked up (last: the provider comes back with a new key only)", async () => {
    await as.close();
    as = await startAuthServer({ port: as.port, subject: "pat-python", scopes: ["account:read"], keys: [await newSigningKey("rotated")] });
    const token = await as.serviceToken(url, "account:read");
    const call = { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "show_account", arguments: {} } };
    // A key id it does not know makes the server refetch the issuer's keys (not more often than every few seconds).
    const response = await waitFor(async () => {
      const answer = await postJsonRpc(url, call, { authorization: `Bearer ${token}` });
      return answer.status === 200 ? answer : undefined;
    }, 30_000, 500);
    assert.deepEqual(response.json?.result?.structuredContent, { subject: "test-service" });
  });
});

describe("the python template with --auth oauth under dev: audience from the tunnel, the preview signs in to it", { timeout: 900_000 }, () => {
  const workspace = tempDir("chatgpt-app-python-oauth-dev-");
  let as: AuthServer;
  let dev: DevProcess;

  before(async () => {
    as = await startAuthServer({ subject: "dev-python-9", scopes: ["account:read"] });
    const dir = await scaffoldPythonProject(workspace.dir, "py-auth-dev", 2, ["--auth", "oauth"]);
    dev = startDev(dir, ["--port", "0"], { NGROK_AUTHTOKEN: "token-for-the-stand-in", CHATGPT_APP_TUNNEL_PROVIDER: STAND_IN, AUTH_ISSUER: as.issuer });
    await dev.ready;
  });
  after(async () => {
    dev?.kill("SIGKILL");
    await as?.close();
    workspace.remove();
  });

  test("PRM names the tunnel's /mcp; the preview's sign-in gets a token for it; show_account through the preview names the subject", async () => {
    const ready = await dev.ready;
    const up = dev.events().find((e) => e.type === "tunnel" && e.status === "up");
    assert.ok(up, dev.stdout());
    const tunnelMcp = new URL("/mcp", String(up.url)).href;
    const prm = (await (await fetch(new URL("/.well-known/oauth-protected-resource/mcp", String(ready.mcpUrl)))).json()) as { resource: string };
    assert.equal(prm.resource, tunnelMcp);

    const preview = new URL(String(ready.previewUrl));
    const session = async () => (await (await fetch(new URL("/__chatgpt-app/auth/session", preview))).json()) as Record<string, unknown>;
    assert.deepEqual(await session(), { enabled: true, signedIn: false });
    const start = await fetch(new URL("/__chatgpt-app/auth/sign-in", preview), { redirect: "manual" });
    const authorization = new URL(start.headers.get("location")!);
    assert.equal(authorization.searchParams.get("resource"), tunnelMcp);
    const callback = await as.authorize(authorization, `http://127.0.0.1:${preview.port}/__chatgpt-app/auth/callback`);
    assert.equal((await fetch(callback, { redirect: "manual" })).status, 302);
    const signedIn = await session();
    assert.equal(signedIn.subject, "dev-python-9");

    const client = new Client({ name: "preview-like", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL("/mcp", preview), { requestInit: { headers: { authorization: `Bearer ${signedIn.accessToken as string}` } } }));
    try {
      const result = await client.callTool({ name: "show_account", arguments: {} });
      assert.deepEqual(result.structuredContent, { subject: "dev-python-9" });
    } finally {
      await client.close();
    }
  });
});

describe("init --template python --sdk 1 --auth oauth (FastMCP, mcp 1.x), against oidc-provider", { timeout: 900_000 }, () => {
  const workspace = tempDir("chatgpt-app-python1-oauth-");
  let as: AuthServer;
  let server: ChildProcess;
  let output: () => string;
  let url: string;
  let dir: string;

  before(async () => {
    ({ as, dir, child: server, url, output } = await startOAuthProject(workspace.dir, "py1-auth", 1, "sam-fastmcp"));
  });
  after(async () => {
    server?.kill("SIGTERM");
    await as?.close();
    workspace.remove();
  });

  test("no token: greet runs, show_account challenges; the SDK's sign-in: show_account names the provider's subject", async () => {
    // mcp 1.x's AuthSettings writes a path-less issuer with a trailing "/"; tokens name it without, and pass.
    const tokens = await checkSignIn(url, as, "sam-fastmcp", `${as.issuer}/`);
    assert.ok(!output().includes(tokens.access_token), "nothing about the token is logged");
  });

  test("a token for another audience → HTTP 401 invalid_token; a token without account:read → insufficient_scope", async () => {
    const now = Math.floor(Date.now() / 1000);
    const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "show_account", arguments: {} } };
    const elsewhere = await as.sign({ sub: "x", aud: "https://elsewhere.example/mcp", exp: now + 600, scope: "account:read" });
    const refused = await postJsonRpc(url, call, { authorization: `Bearer ${elsewhere}` });
    assert.equal(refused.status, 401);
    assert.match(String(refused.headers["www-authenticate"] ?? ""), /error="invalid_token"/);
    const unscoped = await as.sign({ sub: "x", aud: url, exp: now + 600, scope: "openid" });
    const answer = await postJsonRpc(url, call, { authorization: `Bearer ${unscoped}` });
    assert.equal(answer.status, 200, answer.text);
    assert.match(answer.json?.result?._meta?.["mcp/www_authenticate"]?.[0] ?? "", /error="insufficient_scope"/);
  });

  test("the project's own tests pass, the account tools' among them", () => {
    const out = execFileSync(join(dir, ".venv", "bin", "python"), ["-m", "pytest", "-p", "no:cacheprovider", "-rA"], { cwd: dir, encoding: "utf8", timeout: 300_000, env: { ...process.env, AUTH_ISSUER: "" } });
    assert.match(out, /PASSED tests\/test_account\.py::test_account_tools_declare_their_sign_in/);
    assert.doesNotMatch(out, /\bfailed\b/);
  });
});
