import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { after, before, describe, test } from "node:test";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { connect, postJsonRpc, type Raw } from "../helpers/mcp.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { productionServeOptions } from "../../src/host/serve-options.js";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

describe("build and start", () => {
  let project: TempProject;
  before(async () => {
    project = tempProject("basic", { "dist/keep-me.txt": "not ours" });
    const r = await runCli(["build", "--json"], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.ok, true);
    assert.equal(typeof result.durationMs, "number");
  });
  after(() => project?.remove());

  test("build writes minified widgets, the bundled app and a manifest, and leaves other files alone", () => {
    const dist = `${project.dir}/dist`;
    assert.deepEqual(readdirSync(`${dist}/widgets`).sort(), ["card.html", "hello.html"]);
    assert.ok(existsSync(`${dist}/server.js`));
    assert.equal(readFileSync(`${dist}/keep-me.txt`, "utf8"), "not ours");
    const server = readFileSync(`${dist}/server.js`, "utf8");
    assert.match(server, /from "chatgpt-app\/server"/, "dependencies stay external");
    assert.match(server, /Hello, \$\{name\}!/, "the app's own modules are bundled in");
    const manifest = JSON.parse(readFileSync(`${dist}/manifest.json`, "utf8"));
    assert.equal(manifest.app.name, "fixture-basic");
    assert.equal(manifest.server, "server.js");
    assert.deepEqual(manifest.tools.map((t: Raw) => t.name).sort(), ["add", "explode", "show_card", "show_hello"]);
    for (const widget of manifest.widgets) {
      const html = readFileSync(`${dist}/${widget.file}`, "utf8");
      assert.match(widget.uri, new RegExp(`^ui://widget/${widget.name}-${widget.hash}\\.html$`));
      assert.equal(widget.bytes, Buffer.byteLength(html));
      assert.doesNotMatch(html, /\n {2,}\S/, "minified");
    }
    const hello = manifest.tools.find((t: Raw) => t.name === "show_hello");
    assert.equal(hello._meta.ui.resourceUri, manifest.widgets.find((w: Raw) => w.name === "hello").uri);
    assert.deepEqual(hello.securitySchemes, [{ type: "noauth" }]);
  });

  test("build prints what it did and how long it took", async () => {
    const r = await runCli(["build"], { cwd: project.dir });
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /dist\/widgets\/hello\.html/);
    assert.match(r.stderr, /Built fixture-basic: 4 tools, 2 widgets → dist\/ in \d+/);
  });

  describe("start", () => {
    let server: Spawned;
    let origin: string;
    before(async () => {
      server = spawnCli(["start"], {
        cwd: project.dir,
        env: { PORT: "0", ALLOWED_HOSTS: "api.example.com, *.internal.example", BASE_URL: "https://my-app.example.org/apps/pizza", TRUST_PROXY: "true" },
      });
      await server.waitForStdout(/\/mcp\n/);
      const match = await server.waitForStderr(/on (http:\/\/127\.0\.0\.1:\d+) in \d/);
      origin = match[1]!;
    });
    after(async () => {
      server?.kill("SIGKILL");
    });

    test("prints the public MCP URL on stdout and serves the tools to the SDK client", async () => {
      assert.equal(server.stdout(), "https://my-app.example.org/apps/pizza/mcp\n");
      assert.match(server.stderr(), /Serving fixture-basic \(4 tools, 2 widgets\)/);
      const c = await connect(`${origin}/mcp`);
      try {
        const result = await c.client.callTool({ name: "show_hello", arguments: { name: "Ada" } });
        assert.deepEqual(result.structuredContent, { message: "Hello, Ada!" });
        const { tools } = await c.raw("tools/list");
        const uri = tools.find((t: Raw) => t.name === "show_hello")._meta.ui.resourceUri;
        const { contents } = await c.client.readResource({ uri });
        assert.equal(contents[0]!.mimeType, "text/html;profile=mcp-app");
      } finally {
        await c.close();
      }
    });

    test("honours ALLOWED_HOSTS, BASE_URL's host and path, and X-Forwarded-Host with TRUST_PROXY", async () => {
      const list = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
      assert.equal((await postJsonRpc(`${origin}/mcp`, list, { host: "api.example.com" })).status, 200);
      assert.equal((await postJsonRpc(`${origin}/mcp`, list, { host: "db.internal.example" })).status, 200);
      assert.equal((await postJsonRpc(`${origin}/apps/pizza/mcp`, list, { host: "my-app.example.org" })).status, 200);
      assert.equal(
        (await postJsonRpc(`${origin}/mcp`, list, { host: "10.0.0.7:10000", "x-forwarded-host": "my-app.example.org", "x-forwarded-proto": "https" })).status,
        200,
      );
      assert.equal((await postJsonRpc(`${origin}/mcp`, list, { host: "evil.example.net" })).status, 403);
    });

    test("the banner names the public MCP URL from BASE_URL", () => {
      assert.match(server.stderr(), /ChatGPT: https:\/\/my-app\.example\.org\/apps\/pizza\/mcp/);
    });

    test("SIGTERM shuts down cleanly, exit 0, port freed", async () => {
      const port = Number(new URL(origin).port);
      server.kill("SIGTERM");
      assert.equal(await server.exited, 0);
      assert.equal(await portIsFree(port), true);
    });
  });
});

describe("start: where it listens, whom it trusts, what it says", () => {
  let project: TempProject;
  const running: Spawned[] = [];
  const list = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
  before(async () => {
    project = tempProject("basic");
    assert.equal((await runCli(["build"], { cwd: project.dir })).code, 0);
  });
  after(() => {
    for (const server of running) server.kill("SIGKILL");
    project?.remove();
  });

  test("on Render: the banner shows the address bound and the public /mcp URL; the platform's proxy is trusted", async () => {
    const server = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0", HOST: "0.0.0.0", RENDER: "true", RENDER_EXTERNAL_HOSTNAME: "my-app.onrender.com" } });
    running.push(server);
    await server.waitForStdout(/\/mcp\n/);
    const [, port] = await server.waitForStderr(/on http:\/\/0\.0\.0\.0:(\d+) in \d/);
    assert.equal(server.stdout(), "https://my-app.onrender.com/mcp\n");
    assert.match(server.stderr(), /ChatGPT: https:\/\/my-app\.onrender\.com\/mcp/);
    assert.match(server.stderr(), new RegExp(`on this machine: http://127\\.0\\.0\\.1:${port}/mcp`));
    const origin = `http://127.0.0.1:${port}`;
    assert.equal((await postJsonRpc(`${origin}/mcp`, list, { host: "10.0.0.7:10000", "x-forwarded-host": "my-app.onrender.com" })).status, 200);
    server.kill("SIGTERM");
    assert.equal(await server.exited, 0);
  });

  test("no proxy said: X-Forwarded-Host vouches for nothing; a refused Host is logged once, with the fix; SSE_KEEPALIVE is honoured", async () => {
    const server = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0", SSE_KEEPALIVE: "0.2" } });
    running.push(server);
    const [, origin] = await server.waitForStdout(/(http:\/\/127\.0\.0\.1:\d+)\/mcp\n/);
    // SSE_KEEPALIVE reaches the event streams.
    const stream = await fetch(`${origin}/sse`, { headers: { accept: "text/event-stream" } });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    const quiet = setTimeout(() => void reader.cancel(), 10_000);
    while (!text.includes(": keep-alive\n\n")) {
      const { value, done } = await reader.read();
      assert.ok(!done, `the stream carried no keep-alive comment: ${text}`);
      text += value;
    }
    clearTimeout(quiet);
    await reader.cancel();
    for (let i = 0; i < 3; i++) {
      const res = await postJsonRpc(`${origin}/mcp`, list, { host: "evil.example.com", "x-forwarded-host": "localhost" });
      assert.equal(res.status, 403);
    }
    await server.waitForStderr(/Refused Host "evil\.example\.com"/);
    server.kill("SIGTERM");
    assert.equal(await server.exited, 0);
    const lines = server.stderr().split("\n").filter((l) => l.includes("Refused Host"));
    assert.equal(lines.length, 1, server.stderr());
    assert.match(lines[0]!, /ALLOWED_HOSTS=evil\.example\.com/);
  });

  test("a bad ALLOWED_HOSTS entry is a clear error naming it; * is refused with a hint", async () => {
    for (const [value, pattern] of [
      ["ok.example.com,http://[bad", /ALLOWED_HOSTS: "http:\/\/\[bad" is not a valid URL/],
      ["*", /ALLOWED_HOSTS: "\*" would accept every Host[\s\S]*hint: List the public host names/],
    ] as const) {
      const r = await runCli(["start"], { cwd: project.dir, env: { PORT: "0", ALLOWED_HOSTS: value } });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.doesNotMatch(r.stderr, /this is a bug/);
    }
  });

  test("TRUST_PROXY, SHUTDOWN_TIMEOUT and SSE_KEEPALIVE: read, defaulted per platform, and checked", () => {
    const built = { port: 8787, host: "127.0.0.1", allowedHosts: [] };
    assert.equal(productionServeOptions(built, {}, {}).trustProxy, false);
    for (const platform of [{ RENDER: "true" }, { FLY_APP_NAME: "a" }, { RAILWAY_ENVIRONMENT: "production" }, { DYNO: "web.1" }, { K_SERVICE: "s" }]) {
      assert.equal(productionServeOptions(built, platform, {}).trustProxy, true, JSON.stringify(platform));
    }
    assert.equal(productionServeOptions(built, { RENDER: "true", TRUST_PROXY: "false" }, {}).trustProxy, false);
    assert.equal(productionServeOptions({ ...built, trustProxy: true }, {}, {}).trustProxy, true, "the config's trustProxy");
    const timed = productionServeOptions(built, { SHUTDOWN_TIMEOUT: "2.5", SSE_KEEPALIVE: "20" }, {});
    assert.deepEqual([timed.shutdownTimeout, timed.sseKeepAlive], [2.5, 20]);
    assert.deepEqual([productionServeOptions(built, {}, {}).shutdownTimeout, productionServeOptions(built, {}, {}).sseKeepAlive], [10, 15]);
    assert.throws(() => productionServeOptions(built, { TRUST_PROXY: "maybe" }, {}), /TRUST_PROXY must be true or false/);
    assert.throws(() => productionServeOptions(built, { SHUTDOWN_TIMEOUT: "soon" }, {}), /SHUTDOWN_TIMEOUT must be a number of seconds/);
  });
});
