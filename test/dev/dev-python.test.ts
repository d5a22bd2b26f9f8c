import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { probePort } from "../../src/dev/ports.js";
import { runCli } from "../helpers/cli.js";
import { REPO_ROOT } from "../helpers/project.js";
import { tempDir } from "../init/harness.js";
import { childPids, connectClient, eventually, isAlive, startDev, widgetHtmlOf, type DevProcess } from "./dev-helpers.js";
import { templateVenv } from "./python-venv.js";

const STAND_IN = join(REPO_ROOT, "dist", "dev", "tunnel-stand-in.js");

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
    const init = await runCli(["init", "dice-app", "--yes", "--template", "python", "--no-install", "--no-git"], { cwd: workspace.dir });
    assert.equal(init.code, 0, init.stderr);
    dir = join(workspace.dir, "dice-app");
    const modules = join(dir, "node_modules");
    mkdirSync(join(modules, "@modelcontextprotocol"), { recursive: true });
    symlinkSync(REPO_ROOT, join(modules, "chatgpt-app"), "dir");
    for (const name of ["sdk", "ext-apps"]) symlinkSync(join(REPO_ROOT, "node_modules", "@modelcontextprotocol", name), join(modules, "@modelcontextprotocol", name), "dir");
    symlinkSync(templateVenv(join(dir, "requirements.txt")), join(dir, ".venv"), "dir");
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

  test("the tunnel's host is passed to the child: requests through the tunnel are accepted", async () => {
    const up = dev.events().find((e) => e.type === "tunnel" && e.status === "up");
    assert.ok(up, dev.stdout());
    const through = await connectClient(`http://127.0.0.1:${new URL(String(up.url)).port}/mcp`);
    assert.deepEqual((await through.listTools()).tools.map((t) => t.name), ["roll_dice"]);
    await through.close();
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

  test("SIGINT ends dev and the child's whole process tree; the port is free", async () => {
    await client.close();
    const pid = ready.childPid as number;
    const tree = [pid, ...childPids(pid)];
    assert.match(readFileSync(`/proc/${pid}/cmdline`, "utf8"), /uvicorn/, "the pid dev reports is the server's own (exec, no shell in between)");
    assert.equal(await dev.stop(), 0, dev.stderr());
    for (const p of tree) assert.equal(isAlive(p), false, `process ${p} is gone`);
    assert.equal(await probePort(ready.port, "127.0.0.1"), ready.port);
  });
});
