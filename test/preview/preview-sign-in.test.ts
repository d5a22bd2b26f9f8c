import assert from "node:assert/strict";
import { join } from "node:path";
import { mkdirSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import type { ResourceServer } from "../../src/auth/index.js";
import { loadConfig } from "../../src/config/load-config.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject } from "../../src/host/project.js";
import { createPreviewRoutes, type PreviewRoutes } from "../../src/preview/routes.js";
import { createSignInRoutes, proxiedResourceServer } from "../../src/preview/sign-in.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { serveAuthApp, type AuthHost } from "../helpers/auth-host.js";
import { serveAuthPreview, type AuthPreview } from "../helpers/auth-preview.js";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { REPO_ROOT } from "../helpers/project.js";
import { logTexts } from "./preview-harness.js";

const SHOTS = join(REPO_ROOT, "test-results", "preview");

/** The newest log entry of the profile panel that matches. */
const logEntry = (page: Page, pattern: RegExp) => waitFor(async () => (await logTexts(page, "profile")).find((t) => pattern.test(t)), 20_000);

describe("the preview signs in (authorization code + PKCE S256, DCR) against oidc-provider, in Chromium", () => {
  let as: AuthServer;
  let preview: AuthPreview;
  let rs: ResourceServer;
  let http: HttpHandle;
  let browser: BrowserHandle;
  let page: Page;
  const registrations: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    as = await startAuthServer({ subject: "preview-user-17" });
    // An oidc-provider event its type declarations do not list.
    (as.provider.on as unknown as (event: string, listener: (ctx: unknown, client: { redirectUris: string[] }) => void) => void).call(
      as.provider,
      "registration_create.success",
      (_ctx, client) => registrations.push(...client.redirectUris),
    );
    ({ rs, http } = preview = await serveAuthPreview(as));
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await page.goto(`http://localhost:${http.port}/?widget=profile`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  });
  after(async () => {
    await browser?.close();
    await preview?.close();
    await as?.close();
  });

  test("signed out: the protected tool shows the challenge; sign in → who is signed in, the tool sees the subject; sign out", async () => {
    const header = page.locator("header .sign-in");
    assert.match(await header.textContent() ?? "", /Signed out/);
    const panel = page.locator('[data-widget="profile"]');

    // Signed out, the oauth2 tool answers the challenge, and the page says so.
    await panel.locator(".call-tool").click();
    const refused = await logEntry(page, /whoami needs sign-in/);
    assert.match(refused, /resource_metadata="http:\/\/(localhost|127\.0\.0\.1):\d+\/\.well-known\/oauth-protected-resource\/mcp"/);
    assert.match(await page.locator(".sign-in-challenge").textContent() ?? "", /whoami needs you to sign in.*error="invalid_request"/);

    // Sign in: the provider's pages (login, consent answered by its interaction config), the fixed callback, back to the preview.
    await page.locator(".sign-in-link").click();
    await page.waitForURL(`http://localhost:${http.port}/`, { timeout: 20_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    assert.deepEqual(registrations, [`http://127.0.0.1:${http.port}/__chatgpt-app/auth/callback`], "registered dynamically with the fixed callback");
    assert.match(await page.locator("header .sign-in .who").textContent() ?? "", /Signed in as preview-user-17 \(.*notes:read.*\)/);

    // The same tool, now with the token: the handler names the provider's subject.
    await page.goto(`http://localhost:${http.port}/?widget=profile`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.locator('[data-widget="profile"] .call-tool').click();
    const result = await logEntry(page, /whoami result/);
    assert.match(result, /"subject":"preview-user-17"/);
    await page.screenshot({ path: join(SHOTS, "sign-in.png"), fullPage: true });

    // Sign out: the page forgets the token; the tool answers the challenge again.
    await page.locator("header .sign-out").click();
    await waitFor(async () => /Signed out/.test((await page.locator("header .sign-in").textContent().catch(() => "")) ?? "") || undefined, 20_000);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    await page.locator('[data-widget="profile"] .call-tool').click();
    await logEntry(page, /whoami needs sign-in/);
  });

  test("a pre-registered auth.clientId is used as it is: no registration, the same callback", async () => {
    const discovery = (await (await fetch(`${as.issuer}/.well-known/openid-configuration`)).json()) as { registration_endpoint: string };
    const callback = `http://127.0.0.1:${http.port}/__chatgpt-app/auth/callback`;
    const response = await fetch(discovery.registration_endpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ redirect_uris: [callback], token_endpoint_auth_method: "none", grant_types: ["authorization_code"], response_types: ["code"] }),
    });
    const { client_id } = (await response.json()) as { client_id: string };
    rs.settings.clientId = client_id;
    registrations.length = 0;
    await page.goto(`http://localhost:${http.port}/__chatgpt-app/auth/sign-in`);
    await page.waitForURL(`http://localhost:${http.port}/`, { timeout: 20_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    assert.deepEqual(registrations, [], "no dynamic registration");
    assert.match(await page.locator("header .sign-in .who").textContent() ?? "", /Signed in as preview-user-17/);
    await page.locator("header .sign-out").click();
    await waitFor(async () => /Signed out/.test((await page.locator("header .sign-in").textContent().catch(() => "")) ?? "") || undefined, 20_000);
  });

  test("the sign-in routes are loopback-only, like the rest of the preview", async () => {
    const response = await fetch(`${http.origin}/__chatgpt-app/auth/session`, { headers: { "x-forwarded-host": "example.ngrok.app" } });
    assert.equal(response.status, 403);
    const session = (await (await fetch(`${http.origin}/__chatgpt-app/auth/session`)).json()) as { enabled: boolean; signedIn: boolean };
    assert.deepEqual(session, { enabled: true, signedIn: false });
  });
});

describe("the preview's sign-in to a server of its own (server.command): from the metadata it serves", () => {
  let as: AuthServer;
  let upstream: AuthHost;
  let front: HttpHandle;
  let routes: PreviewRoutes;

  before(async () => {
    as = await startAuthServer({ subject: "command-user-3" });
    upstream = await serveAuthApp({ issuer: as.issuer, scopes: ["notes:read"] });
    const loaded = await loadProject(await loadConfig(upstream.project.dir), { mode: "development" });
    routes = createPreviewRoutes({ version: "test", signIn: createSignInRoutes(proxiedResourceServer(upstream.mcpUrl)) });
    front = await startHttpServer(new Host(loaded.state), { port: 0, proxyMcpTo: upstream.mcpUrl, extraRoutes: routes.handle });
  });
  after(async () => {
    routes?.close();
    await front?.close();
    await upstream?.close();
    await as?.close();
  });

  test("sign in (DCR, PKCE S256, the resource the server names), then the proxied protected tool names the subject", async () => {
    const origin = `http://localhost:${front.port}`;
    const session = async () => (await (await fetch(`${origin}/__chatgpt-app/auth/session`)).json()) as Record<string, unknown>;
    assert.deepEqual(await session(), { enabled: true, signedIn: false });
    const start = await fetch(`${origin}/__chatgpt-app/auth/sign-in`, { redirect: "manual" });
    assert.equal(start.status, 302);
    const authorization = new URL(start.headers.get("location")!);
    assert.equal(authorization.origin, as.issuer);
    assert.equal(authorization.searchParams.get("code_challenge_method"), "S256");
    assert.equal(authorization.searchParams.get("resource"), upstream.mcpUrl);
    const callback = await as.authorize(authorization, `http://127.0.0.1:${front.port}/__chatgpt-app/auth/callback`);
    const back = await fetch(callback, { redirect: "manual" });
    assert.equal(back.status, 302);
    assert.equal(back.headers.get("location"), `${origin}/`);
    const signedIn = await session();
    assert.equal(signedIn.signedIn, true);
    assert.equal(signedIn.subject, "command-user-3");

    const client = new Client({ name: "preview-like", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${origin}/mcp`), { requestInit: { headers: { authorization: `Bearer ${signedIn.accessToken as string}` } } }));
    try {
      const result = await client.callTool({ name: "whoami", arguments: {} });
      assert.equal((result.structuredContent as { subject: string }).subject, "command-user-3");
    } finally {
      await client.close();
    }
    await fetch(`${origin}/__chatgpt-app/auth/sign-out`, { method: "POST" });
    assert.deepEqual(await session(), { enabled: true, signedIn: false });
  });
});
