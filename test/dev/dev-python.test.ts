import assert from "node:assert/strict";
import { appendFileSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { probePort } from "../../src/process/ports.js";
import { REPO_ROOT } from "../helpers/project.js";
import { tempDir } from "../init/harness.js";
import { request } from "node:http";
import { childPids, connectClient, eventually, isAlive, portFreed, processTree, startDev, survivorsOf, widgetHtmlOf, type DevProcess } from "./dev-helpers.js";
import { scaffoldPythonProject } from "./python-venv.js";
import { launchBrowser } from "../helpers/browser.js";
import { waitFor } from "../helpers/mcp.js";
import { diceFaces, lastLoggedRolls, logTexts, widgetFrame } from "../preview/preview-harness.js";

const STAND_IN = join(REPO_ROOT, "test", "helpers", "tunnel-stand-in.mjs");

/**
 * The python template, scaffolded by `init`, under `chatgpt-app dev`: uvicorn runs as the
 * child server, a real FastAPI + MCP Python SDK server, reached over MCP by the SDK client.
 */
describe("dev runs the python template's server (uvicorn) as its child", { timeout: 900_000 }, () => {
  const workspace = tempDir("chatgpt-app-dev-python-");
  let dir: string;
  let dev: DevProcess;
  let client: Client;
  let ready: Awaited<DevProcess["ready"]>;

  before(async () => {
    dir = await scaffoldPythonProject(workspace.dir, "dice-app");
    // The tunnel comes up before the child starts, so the child is told to accept its host.
    dev = startDev(dir, ["--port", "0"], { NGROK_AUTHTOKEN: "token-for-the-stand-in", CHATGPT_APP_TUNNEL_PROVIDER: STAND_IN });
    ready = await dev.ready;
    client = await connectClient(ready.mcpUrl);
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    dev?.kill("SIGKILL");
    workspace.remove();
  });

  test("ready once uvicorn answers on server.url; the widgets are in dist/ for it to read", async () => {
    assert.equal(ready.mode, "command");
    assert.equal(typeof ready.childPid, "number");
    assert.equal(ready.mcpUrl, `http://127.0.0.1:${ready.port}/mcp`);
    assert.notEqual(ready.previewUrl, `${ready.url}/`, "the preview is served beside the child, on its own port");
    const manifest = JSON.parse(readFileSync(join(dir, "dist", "manifest.json"), "utf8"));
    assert.equal(manifest.widgets[0].name, "dice");
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ["roll_dice"]);
    assert.match(dev.stderr(), /\[server\] .*Uvicorn running/);
  });

  test("the preview's /mcp reaches the Python server: the page lists its tools and reads its widgets", async () => {
    const preview = await connectClient(new URL("/mcp", String(ready.previewUrl)).href);
    try {
      const { tools } = await preview.listTools();
      assert.deepEqual(tools.map((t) => t.name), ["roll_dice"]);
      const uri = (tools[0]!._meta as { ui: { resourceUri: string } }).ui.resourceUri;
      const { contents } = await preview.readResource({ uri });
      assert.equal(contents[0]!.mimeType, "text/html;profile=mcp-app");
      const roll = await preview.callTool({ name: "roll_dice", arguments: { count: 2, sides: 6 } });
      assert.equal((roll.structuredContent as { rolls: number[] }).rolls.length, 2);
    } finally {
      await preview.close();
    }
  });

  test("the widget in Chromium, on the preview page: renders what the Python tool returned, and Roll again calls it", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(`${ready.previewUrl}?widget=dice`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      await page.locator('[data-widget="dice"] .input-json').fill('{"count": 4, "sides": 12}');
      await page.locator('[data-widget="dice"] .call-tool').click();
      const rolled = await lastLoggedRolls(page, 1);
      assert.equal(rolled.length, 4);
      await waitFor(async () => (JSON.stringify(await diceFaces(page)) === JSON.stringify(rolled) ? true : undefined));
      await widgetFrame(page, "dice").getByRole("button", { name: "Roll again" }).click();
      const again = await lastLoggedRolls(page, 2);
      await waitFor(async () => (JSON.stringify(await diceFaces(page)) === JSON.stringify(again) ? true : undefined));
      assert.ok((await logTexts(page, "dice")).some((t) => /tools\/call.*roll_dice \{"count":4,"sides":12,"session":"h_[A-Za-z0-9_-]{22}"\}/.test(t)), "the widget called the Python tool, passing its session back");
    } finally {
      await browser.close();
    }
  });

  test("the tunnel's host is passed to the child: requests through the tunnel are accepted", async () => {
    const up = dev.events().find((e) => e.type === "tunnel" && e.status === "up");
    assert.ok(up, dev.stdout());
    const through = await connectClient(`http://127.0.0.1:${new URL(String(up.url)).port}/mcp`);
    assert.deepEqual((await through.listTools()).tools.map((t) => t.name), ["roll_dice"]);
    await through.close();
  });

  test("a 2026-07-28 client (no handshake, the version in _meta) is answered too; under dev its lists are at once stale", async () => {
    const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
    const response = await fetch(ready.mcpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2026-07-28", "mcp-method": "tools/list" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: meta } }),
    });
    assert.equal(response.status, 200);
    const { result } = (await response.json()) as { result: { ttlMs: number; cacheScope: string; resultType: string; tools: Array<Record<string, unknown>> } };
    assert.deepEqual([result.ttlMs, result.cacheScope, result.resultType], [0, "private", "complete"]);
    assert.deepEqual(result.tools.map((t) => [t.name, t.securitySchemes]), [["roll_dice", [{ type: "noauth" }]]]);
  });

  test("a widget edit shows in the HTML the Python server returns", async () => {
    const before = await widgetHtmlOf(client, "roll_dice");
    appendFileSync(join(dir, "widgets", "dice", "styles.css"), "\n.edited-under-dev { outline: 3px solid rebeccapurple; }\n");
    const after = await eventually(
      () => widgetHtmlOf(client, "roll_dice"),
      (w) => w.html.includes("edited-under-dev") && w.uri !== before.uri,
    );
    assert.ok(after.html.length > before.html.length);
  });

  test("as the Node host: a refused Host gets a JSON-RPC error that says what to do; serverInfo is the app's; no log line per request", async () => {
    const refused = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = request(ready.mcpUrl, { method: "POST", headers: { host: "evil.example", "content-type": "application/json", accept: "application/json, text/event-stream" } }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode, body }));
      });
      req.on("error", reject);
      req.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    });
    assert.equal(refused.status, 403);
    assert.deepEqual(JSON.parse(refused.body), {
      jsonrpc: "2.0",
      error: { code: -32000, message: "Invalid Host: evil.example. Add it to ALLOWED_HOSTS (or set BASE_URL) to accept it." },
      id: null,
    });
    assert.deepEqual(client.getServerVersion(), { name: "dice-app", version: "0.1.0" });
    for (let i = 0; i < 3; i++) await client.listTools();
    assert.match(dev.stderr(), /\[server\] .*"POST \/mcp HTTP\/1\.1" 200/);
    assert.doesNotMatch(dev.stderr(), /Terminating session|Processing request of type/);
  });

  test("a Python edit restarts uvicorn (new process, old one gone) and the change is served", async () => {
    const oldPid = ready.childPid as number;
    const oldTree = [oldPid, ...childPids(oldPid)];
    const mark = dev.events().length;
    const main = join(dir, "server", "main.py");
    writeFileSync(main, readFileSync(main, "utf8").replace('title="Roll dice"', 'title="Roll the dice, edited under dev"'));
    const restart = await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "server", 60_000, mark);
    assert.equal(restart.name, "command");
    assert.equal(restart.file, join("server", "main.py"));
    assert.notEqual(restart.childPid, oldPid);
    for (const pid of oldTree) assert.equal(isAlive(pid), false, `old server process ${pid} is gone`);
    const title = await eventually(async () => (await client.listTools()).tools[0]?.title, (t) => t === "Roll the dice, edited under dev");
    assert.equal(title, "Roll the dice, edited under dev");
    ready = { ...ready, childPid: restart.childPid as number };
  });

  test("an exception in a tool is printed with the tool's name and its traceback in server/main.py; the client gets isError", async () => {
    const mark = dev.events().length;
    appendFileSync(
      join(dir, "server", "main.py"),
      '\n\n@mcp.tool(name="fail_on_purpose", description="Always fails.")\ndef fail_on_purpose_tool() -> str:\n    raise ValueError("the dice fell off the table")\n',
    );
    await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "server", 60_000, mark);
    // Retried while a restart is under way (a save may be seen twice).
    const call = (name: string, args: Record<string, unknown> = {}) => eventually(() => client.callTool({ name, arguments: args }), () => true, 60_000);
    const result = await eventually(() => call("fail_on_purpose"), (r) => !/Unknown tool/.test(JSON.stringify(r.content)), 60_000);
    assert.equal(result.isError, true);
    assert.match(JSON.stringify(result.content), /the dice fell off the table/);
    await dev.waitForStderr(/\[server\] Tool fail_on_purpose raised ValueError: the dice fell off the table/);
    const trace = await dev.waitForStderr(/\[server\] +File "(.*)", line \d+, in fail_on_purpose_tool/);
    assert.equal(trace[1], join(realpathSync(dir), "server", "main.py"));
    // Arguments the schema refuses are the client's mistake: isError, no traceback.
    const refused = await call("roll_dice", { count: 0 });
    assert.equal(refused.isError, true);
    const printed = dev.stderr().match(/Tool fail_on_purpose raised/g)!.length;
    await call("fail_on_purpose");
    await eventually(async () => dev.stderr().match(/Tool fail_on_purpose raised/g)!.length, (n) => n > printed);
    assert.doesNotMatch(dev.stderr(), /Tool roll_dice raised/);
  });

  test("SIGINT ends dev and the child's whole process tree; the port is free", async () => {
    await client.close();
    // The newest server restart's child (a save seen twice may restart it once more).
    const newest = async () => dev.events().findLast((e) => e.type === "rebuild" && e.kind === "server")!.childPid as number;
    const pid = await eventually(newest, (p) => isAlive(p));
    const tree = [pid, ...childPids(pid)];
    assert.match(readFileSync(`/proc/${pid}/cmdline`, "utf8"), /uvicorn/, "the pid dev reports is the server's own (exec, no shell in between)");
    assert.equal(await dev.stop(), 0, dev.stderr());
    for (const p of tree) assert.equal(isAlive(p), false, `process ${p} is gone`);
    assert.equal(await probePort(ready.port, "127.0.0.1"), ready.port);
  });

  test("SIGKILL of dev (no handler runs) still ends uvicorn and what it started; the port is free", async () => {
    const again = startDev(dir, ["--port", "0", "--no-tunnel"]);
    try {
      const up = await again.ready;
      const tree = processTree(up.childPid as number);
      assert.match(readFileSync(`/proc/${tree[0]}/cmdline`, "utf8"), /uvicorn/);
      again.kill("SIGKILL");
      await again.exited;
      assert.deepEqual(await survivorsOf(tree), [], "no process of uvicorn's tree survives dev");
      assert.ok(await portFreed(up.port), `port ${up.port} is free again`);
    } finally {
      again.kill("SIGKILL");
    }
  });
});
