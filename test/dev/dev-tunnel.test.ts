import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { startDevServer } from "../../src/dev/dev-server.js";
import { DevEvents } from "../../src/dev/events.js";
import { createNgrokProvider, type NgrokModule } from "../../src/dev/tunnel/providers/ngrok.js";
import { writeHumanEvents } from "../../src/dev/output.js";
import { BUILT_IN_PROVIDERS } from "../../src/dev/tunnel/registry.js";
import { superviseTunnel } from "../../src/dev/tunnel/supervisor.js";
import type { Tunnel, TunnelProvider } from "../../src/dev/tunnel/types.js";
import { isCliError } from "../../src/errors.js";
import { createLogger } from "../../src/util/log.js";
import { spawnCli, type Spawned } from "../helpers/cli.js";
import { BIN, REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";
import { connectClient, startDev, type DevProcess } from "./dev-helpers.js";

const STAND_IN = join(REPO_ROOT, "test", "helpers", "tunnel-stand-in.mjs");
const TOKEN = "tok_SECRET_never_printed_42";

/** POSTs a tools/list with the given Host header straight to a port; resolves with the status. */
function postWithHost(port: number, host: string, path = "/mcp"): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    const req = request(
      { host: "127.0.0.1", port, path, method: "POST", headers: { host, "content-type": "application/json", accept: "application/json, text/event-stream" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const portOf = (url: string) => Number(new URL(url).port);

/** A request with the given Host straight to a port; resolves with the status. */
function requestWithHost(port: number, host: string, method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers: { host, "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

describe("dev with the local stand-in tunnel (spawned)", () => {
  const projects: TempProject[] = [];
  const running: Array<DevProcess | Spawned> = [];
  after(() => {
    for (const p of running) p.kill("SIGKILL");
    for (const p of projects) p.remove();
  });

  test("a failed start is retried; the URL is printed; its Host is accepted; a drop is retried; the token is never printed", async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    const dev = startDev(project.dir, ["--port", "0"], {
      NGROK_AUTHTOKEN: TOKEN,
      CHATGPT_APP_TUNNEL_PROVIDER: STAND_IN,
      CHATGPT_APP_STAND_IN_FAIL_FIRST: "1",
    });
    running.push(dev);
    const ready = await dev.ready;
    const down = await dev.waitForEvent((e) => e.type === "tunnel" && e.status === "down");
    assert.match(String(down.message), /refused/);
    assert.equal(down.retryInMs, 1000);
    const up = await dev.waitForEvent((e) => e.type === "tunnel" && e.status === "up");
    const url = String(up.url);
    assert.match(url, /^http:\/\/stand-in-[0-9a-f]+\.tunnel\.test:\d+$/);
    assert.equal(up.mcpUrl, `${url}/mcp`);

    // Through the tunnel: the stand-in forwards with the tunnel's Host, which dev now accepts.
    const client = await connectClient(`http://127.0.0.1:${portOf(url)}/mcp`);
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name), ["show_board"]);
    await client.close();
    assert.equal(await postWithHost(ready.port, new URL(url).host), 200);
    assert.equal(await postWithHost(ready.port, "elsewhere.tunnel.test"), 403, "other hosts are still refused");

    // A drop is a warning, and a new tunnel comes up.
    const mark = dev.events().length;
    assert.equal(await postWithHost(portOf(url), "x", "/__stand-in/drop"), 200);
    const dropped = await dev.waitForEvent((e) => e.type === "tunnel" && e.status === "down", 10_000, mark);
    assert.match(String(dropped.message), /dropped/);
    const again = await dev.waitForEvent((e) => e.type === "tunnel" && e.status === "up", 10_000, mark);
    assert.notEqual(again.url, url);
    const second = await connectClient(`http://127.0.0.1:${portOf(String(again.url))}/mcp`);
    assert.equal((await second.listTools()).tools.length, 1);
    await second.close();
    assert.equal(dev.child.exitCode, null, "dev carried on");

    assert.equal(await dev.stop(), 0);
    assert.ok(!dev.stdout().includes(TOKEN) && !dev.stderr().includes(TOKEN), "the token is never printed");
  });

  test("people's output: the tunnel's /mcp URL on stdout and the ChatGPT steps on stderr", async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    const dev = spawnCli(["dev", "--port", "0"], {
      cwd: project.dir,
      env: { NGROK_AUTHTOKEN: TOKEN, CHATGPT_APP_TUNNEL_PROVIDER: STAND_IN, PORT: "" },
    });
    running.push(dev);
    // The tunnel's URL, once it is up (before ready, only that one; after, beneath the local one).
    const [, tunnelMcp] = await dev.waitForStdout(/(http:\/\/stand-in-\S+\/mcp)\n/);
    await dev.waitForStderr(/Connectors → Create/);
    assert.ok(dev.stderr().includes(tunnelMcp!));
    assert.match(dev.stderr(), /Developer mode/);
    // As Ctrl-C in a terminal does: SIGINT to the whole process group, esbuild's service included.
    dev.kill("SIGINT");
    assert.equal(await dev.exited, 0, dev.stderr());
    assert.ok(!dev.stdout().includes(TOKEN) && !dev.stderr().includes(TOKEN));
  });

  test("through the tunnel only what ChatGPT needs answers; the preview and its routes answer loopback Hosts only", async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    const dev = startDev(project.dir, ["--port", "0"], { NGROK_AUTHTOKEN: TOKEN, CHATGPT_APP_TUNNEL_PROVIDER: STAND_IN });
    running.push(dev);
    const ready = await dev.ready;
    const up = await dev.waitForEvent((e) => e.type === "tunnel" && e.status === "up");
    const tunnel = portOf(String(up.url));
    const frame = JSON.stringify({ html: "<script>alert(document.domain)</script>" });
    // The stand-in forwards with the tunnel's Host, as ngrok does.
    assert.equal(await requestWithHost(tunnel, "x", "GET", "/"), 403, "the preview page");
    assert.equal(await requestWithHost(tunnel, "x", "GET", "/__chatgpt-app/events"), 403, "its event stream");
    assert.equal(await requestWithHost(tunnel, "x", "POST", "/__chatgpt-app/frames", frame), 403, "its frame store");
    assert.equal(await requestWithHost(tunnel, "x", "GET", "/__chatgpt-app/preview.js"), 403);
    assert.equal(await requestWithHost(tunnel, "x", "GET", "/healthz"), 200);
    assert.equal(await postWithHost(tunnel, "x"), 200, "MCP");
    const client = await connectClient(`http://127.0.0.1:${tunnel}/mcp`);
    assert.equal((await client.listTools()).tools.length, 1);
    await client.close();
    // A Host dev does not know is refused, and reported once with the fix.
    assert.equal(await postWithHost(ready.port, "elsewhere.example.net"), 403);
    assert.equal(await postWithHost(ready.port, "elsewhere.example.net:1234"), 403);
    const refused = await dev.waitForEvent((e) => e.type === "warning" && e.code === "host_refused");
    assert.match(String(refused.message), /"elsewhere\.example\.net".*allowedHosts/);
    // On this machine the preview works as before.
    const local = `127.0.0.1:${ready.port}`;
    assert.equal(await requestWithHost(ready.port, local, "GET", "/"), 200);
    assert.equal(await requestWithHost(ready.port, `localhost:${ready.port}`, "POST", "/__chatgpt-app/frames", frame), 201);
    assert.equal(await dev.stop(), 0);
    assert.equal(dev.events().filter((e) => e.type === "warning" && e.code === "host_refused").length, 1, "once per name");
  });

  test("in a terminal the MCP URL is printed once", { skip: !HAS_SCRIPT && "script (util-linux) is not installed" }, async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    // `script` gives dev a real terminal for stdout and stderr; Ctrl-C goes through it as a user's would.
    const child = spawn("script", ["-qefc", `exec "${process.execPath}" "${BIN}" dev --port 0`, "/dev/null"], {
      cwd: project.dir,
      env: { ...process.env, NO_COLOR: "1", CI: "1", NGROK_AUTHTOKEN: TOKEN, CHATGPT_APP_TUNNEL_PROVIDER: STAND_IN, PORT: "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 30_000);
      child.stdout.on("data", (d) => {
        out += d;
        if (/press Refresh in its settings\.\r?\n\r?\n/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.stdin.write("\x03");
    assert.equal(await exited, 0, out);
    const tunnelMcp = /ChatGPT +(http:\/\/stand-in-\S+\/mcp)/.exec(out)![1]!;
    const localMcp = /MCP +(http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(out)![1]!;
    assert.equal(out.split(tunnelMcp).length - 1, 1, out);
    assert.equal(out.split(localMcp).length - 1, 1, out);
  });

  test("the real ngrok provider with no token: a one-line hint, and the local server carries on", async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    const dev = startDev(project.dir, ["--tunnel", "--port", "0"]);
    running.push(dev);
    const ready = await dev.ready;
    await dev.waitForStderr(/no NGROK_AUTHTOKEN/);
    const off = dev.events().find((e) => e.type === "tunnel");
    assert.deepEqual({ status: off?.status, reason: off?.reason }, { status: "off", reason: "no_token" });
    const client = await connectClient(String(ready.mcpUrl));
    assert.equal((await client.listTools()).tools.length, 1);
    await client.close();
    assert.equal(await dev.stop(), 0);
    assert.equal(dev.stderr().split("\n").filter((l) => l.includes("NGROK_AUTHTOKEN")).length, 1, "one line");
  });
});

describe("dev's tunnel in process", () => {
  const projects: TempProject[] = [];
  after(() => {
    for (const p of projects) p.remove();
  });

  const fakeNgrok = () => {
    const calls: Array<Record<string, unknown>> = [];
    let loads = 0;
    const module: NgrokModule = {
      async forward(config) {
        calls.push(config);
        return { url: () => "https://fake-tunnel.ngrok-free.app", close: async () => undefined };
      },
    };
    return { calls, loads: () => loads, load: async () => ((loads += 1), module) };
  };

  test("no token: the ngrok path prints the hint and never loads @ngrok/ngrok or calls forward()", async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    const fake = fakeNgrok();
    const events = new DevEvents();
    let stderr = "";
    let stdout = "";
    const log = createLogger((t) => void (stderr += t));
    writeHumanEvents(events, log, (t) => void (stdout += t));
    const dev = await startDevServer({ cwd: project.dir, port: 0, log, events, env: {}, tunnel: true, tunnelProvider: createNgrokProvider(fake.load) });
    try {
      assert.equal(fake.loads(), 0, "@ngrok/ngrok is not even loaded");
      assert.equal(fake.calls.length, 0, "forward() is not called");
      assert.match(stderr, /Tunnel +off: no NGROK_AUTHTOKEN/);
      assert.equal(stdout, `${dev.ready.mcpUrl}\n`, "the local URL is what there is to paste");
    } finally {
      await dev.close();
    }
  });

  test("with a token: forward() gets the local address, the token and the domain; the tunnel host is accepted", async () => {
    const project = tempProject("dev-app");
    projects.push(project);
    const fake = fakeNgrok();
    const events = new DevEvents();
    const up = new Promise<string>((resolve) => events.on("event", (e) => e.type === "tunnel" && e.status === "up" && resolve(e.url)));
    const dev = await startDevServer({
      cwd: project.dir,
      port: 0,
      log: createLogger(() => undefined),
      events,
      env: { NGROK_AUTHTOKEN: TOKEN },
      tunnelDomain: "my-app.ngrok.app",
      tunnelProvider: createNgrokProvider(fake.load),
    });
    try {
      assert.equal(await up, "https://fake-tunnel.ngrok-free.app");
      assert.equal(fake.calls.length, 1);
      assert.equal(fake.calls[0]!.addr, `127.0.0.1:${dev.ready.port}`);
      assert.equal(fake.calls[0]!.authtoken, TOKEN);
      assert.equal(fake.calls[0]!.domain, "my-app.ngrok.app");
      assert.equal(await postWithHost(dev.ready.port, "fake-tunnel.ngrok-free.app"), 200);
    } finally {
      await dev.close();
    }
  });

  test("tunnel.provider names a TypeScript module whose default export is a provider: dev uses it, its Host is accepted", async () => {
    const provider = [
      'import type { TunnelProvider } from "chatgpt-app/config";',
      "const provider: TunnelProvider = {",
      '  name: "my-tunnel",',
      "  async start(options) {",
      "    return { url: `https://my-tunnel.example.net/${options.port}`, close: async () => undefined };",
      "  },",
      "};",
      "export default provider;",
    ].join("\n");
    const project = tempProject("dev-app", {
      "tunnel/provider.ts": provider,
      "chatgpt-app.config.json": JSON.stringify({ tunnel: { provider: "./tunnel/provider.ts" } }),
    });
    projects.push(project);
    const events = new DevEvents();
    const up = new Promise<Record<string, unknown>>((resolve) => events.on("event", (e) => e.type === "tunnel" && e.status === "up" && resolve(e)));
    // No token anywhere: a provider that declares none needs none.
    const dev = await startDevServer({ cwd: project.dir, port: 0, log: createLogger(() => undefined), events, env: {} });
    try {
      const event = await up;
      assert.equal(event.provider, "my-tunnel");
      assert.equal(event.url, `https://my-tunnel.example.net/${dev.ready.port}`);
      assert.equal(await postWithHost(dev.ready.port, "my-tunnel.example.net"), 200);
    } finally {
      await dev.close();
    }
  });

  test("a tunnel.provider that is neither built in nor a module is refused, naming the built-in ones", async () => {
    const project = tempProject("dev-app", { "chatgpt-app.config.json": JSON.stringify({ tunnel: { provider: "nope" } }) });
    projects.push(project);
    await assert.rejects(
      startDevServer({ cwd: project.dir, port: 0, log: createLogger(() => undefined), env: { NGROK_AUTHTOKEN: TOKEN } }),
      (error: unknown) => isCliError(error) && error.code === "tunnel_provider_invalid" && /"nope"/.test(error.message) && /ngrok/.test(error.hint ?? ""),
    );
  });

  test("every built-in provider loads from its registry line under its own name", async () => {
    for (const [name, load] of Object.entries(BUILT_IN_PROVIDERS)) {
      const provider = (await load()).default;
      assert.equal(provider.name, name);
      assert.equal(typeof provider.start, "function");
    }
  });

  test("the supervisor retries failed starts with backoff and restarts a tunnel that closes", async () => {
    let starts = 0;
    let closeTunnel: ((error?: Error) => void) | undefined;
    const provider: TunnelProvider = {
      name: "fake",
      async start() {
        starts += 1;
        if (starts <= 2) throw new Error(`refused ${starts}`);
        const tunnel: Tunnel = { url: `https://t${starts}.example`, close: async () => undefined, onClose: (cb) => void (closeTunnel = cb) };
        return tunnel;
      },
    };
    const downs: Array<[string, number]> = [];
    const ups: string[] = [];
    let sawUp: () => void = () => undefined;
    const supervisor = superviseTunnel({
      provider,
      start: { port: 1, host: "127.0.0.1", authtoken: "token-for-the-fake" },
      backoffMs: [5, 10],
      onUp: (t) => {
        ups.push(t.url);
        sawUp();
      },
      onDown: (message, wait) => downs.push([message, wait]),
    });
    await new Promise<void>((resolve) => (sawUp = resolve));
    assert.deepEqual(downs, [["refused 1", 5], ["refused 2", 10]]);
    assert.deepEqual(ups, ["https://t3.example"]);
    const restarted = new Promise<void>((resolve) => (sawUp = resolve));
    closeTunnel!(new Error("lost"));
    await restarted;
    assert.deepEqual(ups, ["https://t3.example", "https://t4.example"]);
    assert.equal(downs[2]![0], "lost");
    assert.equal(downs[2]![1], 5, "backoff starts over after a success");
    await supervisor.close();
    assert.equal(supervisor.current(), undefined);
  });
});
