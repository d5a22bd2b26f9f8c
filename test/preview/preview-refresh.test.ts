import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { decodeJwt } from "jose";
import type { Page } from "playwright-core";
import type { HttpHandle } from "../../src/host/http.js";
import { serveAuthPreview, type AuthPreview } from "../helpers/auth-preview.js";
import { startAuthServer, type AuthServer } from "../helpers/auth-server.js";
import { launchBrowser, type BrowserHandle } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { logTexts } from "./preview-harness.js";

/** Seconds an access token lives at this provider: short, so a test sees it expire. */
const TTL = 3;

/** What the page sent to /mcp and got back, and every body the sign-in routes answered it. */
interface Traffic {
  calls: Array<{ token: string | undefined; status: number }>;
  authBodies: string[];
}

function watch(page: Page): Traffic {
  const traffic: Traffic = { calls: [], authBodies: [] };
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname === "/mcp") {
      void response.request().allHeaders().then((headers) => {
        traffic.calls.push({ token: /^Bearer (.+)$/.exec(headers.authorization ?? "")?.[1], status: response.status() });
      });
    } else if (url.pathname.startsWith("/__chatgpt-app/auth/")) {
      void response.text().then((text) => traffic.authBodies.push(text), () => undefined);
    }
  });
  return traffic;
}

const logEntry = (page: Page, pattern: RegExp) => waitFor(async () => (await logTexts(page, "profile")).find((t) => pattern.test(t)), 20_000);
const lastToken = (traffic: Traffic) => traffic.calls.findLast((c) => c.token)?.token;

/** Waits (bounded) until a token's `exp` has passed, by the provider's clock and this one. */
async function outlive(token: string): Promise<void> {
  const exp = decodeJwt(token).exp!;
  const wait = exp * 1000 - Date.now() + 300;
  assert.ok(wait <= (TTL + 2) * 1000, `the token lives ${wait} ms more`);
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

describe("the preview renews its session with the refresh token (oidc-provider, short-lived access tokens), in Chromium", () => {
  let as: AuthServer;
  let preview: AuthPreview;
  let http: HttpHandle;
  let browser: BrowserHandle;
  const refreshes: string[] = [];

  before(async () => {
    as = await startAuthServer({ subject: "refresh-user-8", accessTokenTTL: TTL });
    // An oidc-provider event its type declarations do not list: each token grant, by its grant type.
    (as.provider.on as unknown as (event: string, listener: (ctx: { oidc: { params: { grant_type?: string } } }) => void) => void).call(
      as.provider,
      "grant.success",
      (ctx) => void (ctx.oidc.params.grant_type === "refresh_token" && refreshes.push("refresh_token")),
    );
    ({ http } = preview = await serveAuthPreview(as));
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await preview?.close();
    await as?.close();
  });

  const open = async (page: Page) => {
    await page.goto(`http://localhost:${http.port}/?widget=profile`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  };
  const callWhoami = (page: Page) => page.locator('[data-widget="profile"] .call-tool').click({ timeout: 10_000 });

  test("sign in; once the access token expired, the protected tool still runs: a new token, the same subject", async () => {
    const page = await browser.context.newPage();
    const traffic = watch(page);
    await open(page);
    await page.locator(".sign-in-link").click();
    await page.waitForURL(`http://localhost:${http.port}/`, { timeout: 20_000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    assert.match((await page.locator("header .sign-in .who").textContent()) ?? "", /Signed in as refresh-user-8/);
    const first = await waitFor(() => lastToken(traffic), 10_000);

    await outlive(first);
    const before = refreshes.length;
    await callWhoami(page);
    assert.match(await logEntry(page, /whoami result/), /"subject":"refresh-user-8"/);
    const second = lastToken(traffic)!;
    assert.notEqual(second, first, "the call went with a new access token");
    assert.equal(decodeJwt(second).sub, decodeJwt(first).sub);
    assert.ok(refreshes.length > before, "through the refresh_token grant");
    assert.match((await page.locator("header .sign-in .who").textContent()) ?? "", /Signed in as refresh-user-8/);
    // The refresh token stays in the dev server: nothing the page was given names one, and the page stores nothing.
    const keys = new Set(traffic.authBodies.filter((body) => body.startsWith("{")).flatMap((body) => Object.keys(JSON.parse(body) as object)));
    assert.deepEqual([...keys].sort(), ["accessToken", "enabled", "expiresAt", "scopes", "signedIn", "subject"]);
    const stored = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }, document.cookie]));
    for (const secret of [first, second, "refresh_token", "refreshToken"]) assert.ok(!stored.includes(secret), "the page's storage holds no token");
    await page.close();
  });

  test("a call answered 401 invalid_token (the page took the token for valid) renews once and is retried", async () => {
    const page = await browser.context.newPage();
    // The page's clock stands still: it never sees the token expire, the server does.
    await page.clock.setFixedTime(new Date());
    const traffic = watch(page);
    await open(page);
    const token = await waitFor(() => lastToken(traffic), 10_000);
    await outlive(token);
    const before = refreshes.length;
    await callWhoami(page);
    assert.match(await logEntry(page, /whoami result/), /"subject":"refresh-user-8"/);
    const refused = traffic.calls.findIndex((c) => c.token === token && c.status === 401);
    assert.ok(refused >= 0, `the stale token was refused: ${JSON.stringify(traffic.calls.map((c) => c.status))}`);
    const retried = traffic.calls.slice(refused + 1).find((c) => c.token && c.token !== token);
    assert.equal(retried?.status, 200);
    assert.equal(refreshes.length, before + 1, "one refresh");
    await page.close();
  });

  test("the refresh token revoked at the provider: once the access token expired, the page shows signed out and the challenge", async () => {
    const page = await browser.context.newPage();
    const traffic = watch(page);
    await open(page);
    assert.match((await page.locator("header .sign-in .who").textContent()) ?? "", /Signed in as refresh-user-8/);
    const token = await waitFor(() => lastToken(traffic), 10_000);
    assert.ok((await as.revokeRefreshTokens()) > 0);
    await outlive(token);
    await callWhoami(page);
    await logEntry(page, /whoami needs sign-in/);
    await waitFor(async () => /Signed out/.test((await page.locator("header .sign-in .who").textContent()) ?? "") || undefined, 10_000);
    assert.match((await page.locator(".sign-in-challenge").textContent()) ?? "", /whoami needs you to sign in.*error="invalid_request"/);
    const session = (await (await fetch(`${http.origin}/__chatgpt-app/auth/session`)).json()) as { signedIn: boolean };
    assert.equal(session.signedIn, false);
    await page.close();
  });
});
