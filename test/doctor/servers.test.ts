import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { check, doctorAt, findings, goodAsMetadata, startBrokenWidgetServer, startCdn, startLegacySseServer, startOAuthServer, startStatefulSdkServer, startUnprotectedSdkServer, type Running } from "./servers.js";

/**
 * What the v1 SDK's examples do not do whichever transport they use: answer the 2026-07-28
 * server/discover, refuse a foreign Origin, answer a browser's CORS preflight.
 */
const SDK_EXAMPLE_GAPS = ["cors-preflight", "discover-missing", "origin-not-checked"];

async function withServer(start: () => Promise<Running>, work: (server: Running) => Promise<void>): Promise<void> {
  const server = await start();
  try {
    await work(server);
  } finally {
    await server.close();
  }
}

describe("doctor against SDK servers", () => {
  test("the SDK's stateful Streamable HTTP example: session-required, with the fix", () =>
    withServer(startStatefulSdkServer, async (server) => {
      const report = await doctorAt(server.url);
      assert.deepEqual(findings(report), ["session-required", ...SDK_EXAMPLE_GAPS].sort());
      const failed = check(report, "session-required");
      assert.equal(failed.status, "fail");
      assert.match(failed.cause!, /tools\/list without Mcp-Session-Id answered HTTP 400.*handed out Mcp-Session-Id/s);
      assert.match(failed.fix!, /stateless \(sessionIdGenerator: undefined/);
      // The GET refused for want of a session is the same cause, said once.
      assert.equal(check(report, "get-stream-broken").status, "skip");
      assert.equal(report.exitCode, 1);
    }));

  test("DNS-rebinding protection off on 0.0.0.0: host-check-disabled", () =>
    withServer(startUnprotectedSdkServer, async (server) => {
      const report = await doctorAt(server.url);
      assert.deepEqual(findings(report), ["host-check-disabled", ...SDK_EXAMPLE_GAPS].sort());
      assert.equal(check(report, "host-check-disabled").status, "fail");
      assert.match(check(report, "host-check-disabled").cause!, /Host: doctor-rebinding-probe\.invalid was answered without credentials/);
      assert.equal(check(report, "session-required").status, "pass");
      assert.equal(check(report, "lint").status, "pass");
    }));

  test("a legacy SSE-only server: legacy-sse-only, and lint still reads it over SSE", () =>
    withServer(startLegacySseServer, async (server) => {
      const report = await doctorAt(server.url);
      assert.deepEqual(findings(report), ["cors-preflight", "legacy-sse-only"]);
      assert.equal(check(report, "legacy-sse-only").status, "warn");
      // Its POSTs are all refused without a session, so a refused foreign Host would prove nothing.
      assert.equal(check(report, "host-check-disabled").status, "skip");
      assert.equal(check(report, "lint").status, "pass");
      assert.match(check(report, "lint").cause!, /1 tool/);
      assert.equal(report.exitCode, 0);
    }));
});

describe("doctor against OAuth-protected servers", () => {
  const prm = (origin: string) => ({ resource: `${origin}/mcp`, authorization_servers: [origin] });

  test("a protected-resource metadata for another resource: auth-prm-resource-mismatch", () =>
    withServer(
      () => startOAuthServer({ prm: (origin) => ({ ...prm(origin), resource: "https://elsewhere.example/mcp" }), as: goodAsMetadata }),
      async (server) => {
        const report = await doctorAt(server.url);
        assert.deepEqual(findings(report), ["auth-prm-resource-mismatch"]);
        assert.match(check(report, "auth-prm-resource-mismatch").cause!, /"https:\/\/elsewhere\.example\/mcp", not http:\/\/127\.0\.0\.1:\d+\/mcp/);
        assert.match(check(report, "lint").cause!, /pass them with --header/);
        assert.equal(report.exitCode, 1);
      },
    ));

  test("an authorization server without S256: auth-as-metadata", () =>
    withServer(
      () => startOAuthServer({ prm, as: (origin) => ({ ...goodAsMetadata(origin), code_challenge_methods_supported: ["plain"] }) }),
      async (server) => {
        const report = await doctorAt(server.url);
        assert.deepEqual(findings(report), ["auth-as-metadata"]);
        assert.match(check(report, "auth-as-metadata").cause!, /lacks S256/);
        assert.equal(check(report, "auth-prm-missing").status, "pass");
      },
    ));

  test("a 401 without resource_metadata and no metadata published: auth-challenge-malformed and auth-prm-missing", () =>
    withServer(
      () => startOAuthServer({ challenge: () => 'Bearer realm="mcp"', prm: () => ({ note: "nothing here" }), as: goodAsMetadata }),
      async (server) => {
        const report = await doctorAt(server.url);
        assert.deepEqual(findings(report), ["auth-challenge-malformed", "auth-prm-missing"]);
        assert.match(check(report, "auth-challenge-malformed").cause!, /WWW-Authenticate: Bearer realm="mcp", without resource_metadata/);
      },
    ));
});

describe("doctor on widgets", () => {
  test("assets that 404 or lack CORS, a localhost script, a missing template, a wrong MIME, no CSP", async () => {
    const cdn = await startCdn();
    const cdnPort = Number(new URL(cdn.origin).port);
    // The CDN's public name, reached on loopback through --resolve.
    const cdnOrigin = `http://cdn.doctor.test:${cdnPort}`;
    try {
      await withServer(
        () => startBrokenWidgetServer(cdnOrigin),
        async (server) => {
          const report = await doctorAt(server.url, { client: { resolve: [{ host: "cdn.doctor.test", port: cdnPort, address: "127.0.0.1" }] } });
          const widgetFindings = findings(report).filter((id) => check(report, id).group === "widgets");
          assert.deepEqual(widgetFindings, ["template-unresolved", "widget-asset-broken", "widget-localhost", "widget-mime", "widget-no-csp"]);
          assert.match(check(report, "template-unresolved").details!.join("\n"), /ui:\/\/widget\/gone\.html \(gone\)/);
          assert.match(check(report, "widget-mime").details!.join("\n"), /plain\.html: text\/html$/m);
          const assets = check(report, "widget-asset-broken");
          assert.equal(assets.details!.length, 2, assets.details!.join("\n"));
          assert.match(assets.details!.join("\n"), /app\.js .*no Access-Control-Allow-Origin for https:\/\/chatgpt-app-doctor\.web-sandbox\.oaiusercontent\.com.*module script/);
          assert.match(assets.details!.join("\n"), /missing\.css .*HTTP 404/);
          assert.match(check(report, "widget-localhost").details!.join("\n"), /http:\/\/localhost:5173\/@vite\/client/);
          // A loopback server: its localhost assets are a warning there, a failure once deployed.
          assert.equal(check(report, "widget-localhost").status, "warn");
          assert.equal(check(report, "lint").status, "fail");
        },
      );
    } finally {
      await cdn.close();
    }
  });
});
