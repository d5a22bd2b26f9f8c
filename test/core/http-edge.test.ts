import assert from "node:assert/strict";
import { request } from "node:http";
import { connect as connectTcp } from "node:net";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../../src/config/load-config.js";
import { validateConfig } from "../../src/config/validate-config.js";
import { Host } from "../../src/host/host.js";
import { startHttpServer, type HttpHandle } from "../../src/host/http.js";
import { loadProject } from "../../src/host/project.js";
import { AllowedHosts } from "../../src/host/security.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { initializeRequest, postJsonRpc } from "../helpers/mcp.js";

const LIST = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };

/** Sends raw bytes on a fresh TCP connection; resolves with everything the server wrote back. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, "127.0.0.1", () => socket.end(text));
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (d) => (answer += d));
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

/** Opens an event stream and resolves with what it carried once `pattern` shows up in it. */
function readStreamUntil(url: string, headers: Record<string, string>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no ${pattern} on the stream within 10 s`));
    }, 10_000);
    const req = request(url, { method: "GET", headers: { accept: "text/event-stream", ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => {
        text += d;
        if (pattern.test(text)) {
          clearTimeout(timer);
          req.destroy();
          resolve(text);
        }
      });
      res.on("end", () => reject(new Error(`the stream ended without ${pattern}: ${text}`)));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the HTTP surface at its edges", () => {
  let project: TempProject;
  let host: Host;
  let http: HttpHandle;
  let proxied: HttpHandle;
  const refused: string[] = [];

  before(async () => {
    project = tempProject("basic");
    const loaded = await loadProject(await loadConfig(project.dir), { mode: "development" });
    host = new Host(loaded.state);
    http = await startHttpServer(host, { port: 0, sseKeepAliveMs: 100, onRefusedHost: (name) => refused.push(name) });
    proxied = await startHttpServer(new Host(loaded.state), { port: 0, allowedHosts: ["my-app.example.org"], trustProxy: true });
  });
  after(async () => {
    await http?.close();
    await proxied?.close();
    project?.remove();
  });

  test("two Host headers get 400", async () => {
    const body = JSON.stringify(LIST);
    const answer = await rawExchange(
      http.port,
      `POST /mcp HTTP/1.1\r\nHost: localhost\r\nHost: evil.example.com\r\ncontent-type: application/json\r\naccept: application/json, text/event-stream\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /more than one Host/);
  });

  test("X-Forwarded-Host is ignored unless the proxy is trusted; then the proxy's own (last) entry counts", async () => {
    const url = `${http.origin}/mcp`;
    const spoofed = await postJsonRpc(url, LIST, { host: "evil.example.com", "x-forwarded-host": "localhost" });
    assert.equal(spoofed.status, 403, "an untrusted X-Forwarded-Host does not vouch for a foreign Host");
    const behind = `${proxied.origin}/mcp`;
    assert.equal((await postJsonRpc(behind, LIST, { host: "10.0.0.7:10000", "x-forwarded-host": "my-app.example.org" })).status, 200);
    assert.equal((await postJsonRpc(behind, LIST, { host: "10.0.0.7:10000", "x-forwarded-host": "localhost, evil.example.com" })).status, 403);
  });

  test("a refused Host is reported once per name", async () => {
    refused.length = 0;
    for (let i = 0; i < 3; i++) await postJsonRpc(`${http.origin}/mcp`, LIST, { host: "other.example.net" });
    await postJsonRpc(`${http.origin}/mcp`, LIST, { host: "other.example.net:8080" });
    await postJsonRpc(`${http.origin}/mcp`, LIST, { host: "third.example.net" });
    assert.deepEqual(refused, ["other.example.net", "third.example.net"]);
  });

  test("the legacy SSE stream sends keep-alive comments", async () => {
    for (const path of ["/sse", "/mcp"]) {
      const text = await readStreamUntil(`${http.origin}${path}`, {}, /\n: keep-alive\n\n/);
      assert.match(text, /^event: endpoint\n/, path);
    }
  });

  test("the Streamable HTTP GET stream of a session sends keep-alive comments", async () => {
    const url = `${http.origin}/mcp`;
    const init = await postJsonRpc(url, initializeRequest());
    const session = String(init.headers["mcp-session-id"]);
    const headers = { "mcp-session-id": session, "mcp-protocol-version": "2025-06-18" };
    assert.equal((await postJsonRpc(url, { jsonrpc: "2.0", method: "notifications/initialized" }, headers)).status, 202);
    const text = await readStreamUntil(url, headers, /: keep-alive\n\n/);
    assert.match(text, /: keep-alive\n\n/);
  });

  test("allowed hosts: a bad entry is an error naming it, and * is refused with a hint", () => {
    for (const entry of ["http://[bad", "*", "exa mple.com", "a/b"]) {
      assert.throws(
        () => new AllowedHosts([entry]),
        (error: Error & { code?: string; hint?: string }) => error.code === "allowed_hosts_invalid" && error.message.includes(`"${entry}"`) && Boolean(error.hint),
        entry,
      );
    }
    assert.deepEqual(new AllowedHosts(["https://a.example.com/x", "b.example.com:443", "*.c.example.com", "[::2]:80"]).list().slice(-4), [
      "a.example.com",
      "b.example.com",
      "[::2]",
      "*.c.example.com",
    ]);
    assert.throws(() => validateConfig({ allowedHosts: ["ok.example.com", "*"] }, "chatgpt-app.config.json"), /"allowedHosts\[1\]" is unusable: "\*" would accept every Host/);
    assert.throws(() => validateConfig({ trustProxy: "yes" }, "chatgpt-app.config.json"), /"trustProxy" must be true or false/);
    assert.throws(() => validateConfig({ sseKeepAlive: 0 }, "chatgpt-app.config.json"), /"sseKeepAlive" must be a number from 0.1/);
  });
});
