import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CHECKS } from "../../src/doctor/catalog.js";
import type { DoctorReport } from "../../src/doctor/doctor.js";
import { parseResolve } from "../../src/doctor/http-client.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";
import { freePort } from "./nginx.js";
import { check, doctorAt, findings, startUnprotectedSdkServer } from "./servers.js";

describe("doctor's command line", () => {
  test("an unreachable URL: unreachable fails, everything else is skipped, exit 2", async () => {
    const port = await freePort();
    const result = await runCli(["doctor", `http://127.0.0.1:${port}/mcp`, "--format", "json"]);
    assert.equal(result.code, 2);
    const report = JSON.parse(result.stdout) as DoctorReport;
    assert.equal(report.exitCode, 2);
    assert.deepEqual(findings(report), ["unreachable"]);
    assert.match(check(report, "unreachable").cause!, /ECONNREFUSED/);
    assert.match(check(report, "session-required").cause!, /could not be reached/);
  });

  test("pretty: one line per check, cause and fix under a failure, a summary with each step's time", async () => {
    const server = createServer((_req, res) => res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not here</h1>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const result = await runCli(["doctor", `http://127.0.0.1:${port}/wrong`]);
      assert.equal(result.code, 2);
      assert.equal(result.stderr, "");
      assert.match(result.stdout, /^chatgpt-app doctor http:\/\/127\.0\.0\.1:\d+\/wrong$/m);
      assert.match(result.stdout, /✖ fail {2}unreachable +the URL answers HTTP/);
      assert.match(result.stdout, /cause: POST initialize to .*\/wrong answered HTTP 404: <h1>Not here<\/h1>, not an MCP result\. Nothing answers MCP at this path\./);
      assert.match(result.stdout, /fix: {3}Check the URL \(the MCP endpoint usually ends in \/mcp\)/);
      assert.match(result.stdout, /✖ could not check 0 passed, 1 failed, 0 warned, 25 skipped in [\d.]+ m?s \(initialize \d+ ms/);
    } finally {
      server.close();
    }
  });

  test("bad flags are usage errors with a hint, before anything connects", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["doctor"], /needs the URL of an MCP endpoint/],
      [["doctor", "ftp://x/mcp"], /must be http:\/\/ or https:\/\//],
      [["doctor", "https://a.example/mcp", "--resolve", "a.example:443"], /is not host:port:address[\s\S]*hint:.*--resolve my-app\.example\.com:443:203\.0\.113\.7/],
      [["doctor", "https://a.example/mcp", "--ca", "missing.pem"], /Cannot read the CA file .*missing\.pem/],
      [["doctor", "https://a.example/mcp", "--listing", "l.json"], /--listing is checked with --submission/],
      [["doctor", "https://a.example/mcp", "--header", "nocolon"], /is not "Name: value"/],
      [["doctor", "https://a.example/mcp", "--timeout", "soon"], /expected a whole number/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      assert.equal(result.code, 2, args.join(" "));
      assert.equal(result.stdout, "", args.join(" "));
      assert.match(result.stderr, message, args.join(" "));
    }
  });

  test("--resolve accepts IPv4 and IPv6 addresses, not names", () => {
    assert.deepEqual(parseResolve("App.Example.com:443:203.0.113.7"), { host: "app.example.com", port: 443, address: "203.0.113.7" });
    assert.deepEqual(parseResolve("app.example.com:8443:[::1]"), { host: "app.example.com", port: 8443, address: "::1" });
    assert.throws(() => parseResolve("app.example.com:443:other.example.com"), /host:port:address/);
    assert.throws(() => parseResolve("app.example.com:99999:127.0.0.1"), /host:port:address/);
  });

  test("every check id is unique, kebab-case and documented in docs/doctor.md", () => {
    const docs = readFileSync(join(REPO_ROOT, "docs", "doctor.md"), "utf8");
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(docs.includes(`| \`${id}\` |`), `${id} has a row in docs/doctor.md`);
    }
  });
});

describe("doctor --slow", () => {
  test("an idle event stream that sends nothing: sse-no-keepalive warns; one that sends a comment passes", async () => {
    const quiet = await startUnprotectedSdkServer();
    try {
      const report = await doctorAt(quiet.url, { keepaliveWaitMs: 300 });
      assert.equal(check(report, "sse-no-keepalive").status, "warn");
      assert.match(check(report, "sse-no-keepalive").cause!, /sent nothing for 300 ms/);
    } finally {
      await quiet.close();
    }
    const talking = createServer((req, res) => {
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "text/event-stream" });
        setTimeout(() => res.write(": keep-alive\n\n"), 50);
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: 1, result: { protocolVersion: "2025-06-18", capabilities: {}, serverInfo: { name: "t", version: "1" } } }));
    });
    await new Promise<void>((resolve) => talking.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = talking.address() as { port: number };
      const report = await doctorAt(`http://127.0.0.1:${port}/mcp`, { keepaliveWaitMs: 5000 });
      assert.equal(check(report, "sse-no-keepalive").status, "pass");
      assert.equal(check(report, "get-stream-broken").status, "pass");
    } finally {
      talking.closeAllConnections();
      talking.close();
    }
  });
});
