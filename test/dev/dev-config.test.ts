import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { probePort } from "../../src/process/ports.js";
import { runBin } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { connectClient, eventually, startDev, type DevProcess } from "./dev-helpers.js";

/** tools.ts whose tool title comes from the environment (set through .env). */
const TOOLS_FROM_ENV = `import type { AppServer } from "chatgpt-app/server";

export function registerTools(server: AppServer): void {
  server.registerTool(
    "show_board",
    {
      title: process.env.BOARD_TITLE ?? "no title in the environment",
      description: "Use this to show the board.",
      annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
      widget: "board",
    },
    async () => ({ content: [] }),
  );
}
`;

async function widgetMeta(client: Client): Promise<Record<string, unknown>> {
  const { tools } = await client.listTools();
  const uri = (tools[0]?._meta?.ui as { resourceUri: string }).resourceUri;
  const { contents } = await client.readResource({ uri });
  return (contents[0]?._meta ?? {}) as Record<string, unknown>;
}

const titleOf = async (client: Client) => (await client.listTools()).tools[0]?.title;

describe("dev: config and .env changes restart the host in process, on the same port", () => {
  const projects: TempProject[] = [];
  const running: DevProcess[] = [];
  after(() => {
    for (const dev of running) dev.kill("SIGKILL");
    for (const project of projects) project.remove();
  });

  test("a config edit applies on the same port; a broken config keeps the last one; the fix applies", async () => {
    const project = tempProject("dev-app", { "server/tools.ts": TOOLS_FROM_ENV });
    projects.push(project);
    const dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    running.push(dev);
    const ready = await dev.ready;
    const client = await connectClient(ready.mcpUrl);
    assert.equal(((await widgetMeta(client)).ui as Record<string, unknown>).prefersBorder, undefined);

    project.write("chatgpt-app.config.json", JSON.stringify({ widgets: { prefersBorder: true } }));
    const restart = await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "config");
    assert.equal(restart.name, "chatgpt-app.config.json");
    // The old session's client was closed with its server; a new one connects to the same URL.
    await client.close().catch(() => undefined);
    const again = await connectClient(ready.mcpUrl);
    assert.equal(((await widgetMeta(again)).ui as Record<string, unknown>).prefersBorder, true);

    const mark = dev.events().length;
    project.write("chatgpt-app.config.json", "{ widgets: oops");
    const error = await dev.waitForEvent((e) => e.type === "error" && e.kind === "config", 20_000, mark);
    assert.equal(error.code, "config_invalid");
    assert.match(String(error.message), /not valid JSON/);
    assert.equal(((await widgetMeta(again)).ui as Record<string, unknown>).prefersBorder, true, "the last good config keeps serving");

    project.write("chatgpt-app.config.json", JSON.stringify({ widgets: { prefersBorder: false } }));
    await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "config", 20_000, mark);
    await again.close().catch(() => undefined);
    const third = await connectClient(ready.mcpUrl);
    assert.equal(((await widgetMeta(third)).ui as Record<string, unknown>).prefersBorder, false);
    await third.close();
    assert.equal(dev.events().filter((e) => e.type === "ready").length, 1);
    assert.equal(await dev.stop(), 0);
  });

  test("a .env edit reaches the app; removing it takes its variables back", async () => {
    const project = tempProject("dev-app", { "server/tools.ts": TOOLS_FROM_ENV, ".env": "BOARD_TITLE=First title\n" });
    projects.push(project);
    const dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    running.push(dev);
    const ready = await dev.ready;
    let client = await connectClient(ready.mcpUrl);
    assert.equal(await titleOf(client), "First title");

    project.write(".env", "BOARD_TITLE=Second, longer title\n");
    await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "config" && e.name === ".env");
    await client.close().catch(() => undefined);
    client = await eventually(() => connectClient(ready.mcpUrl), () => true);
    assert.equal(await titleOf(client), "Second, longer title");
    assert.equal(dev.events().filter((e) => e.type === "rebuild" && e.kind === "config").length, 1, "one save, one restart");

    const mark = dev.events().length;
    rmSync(join(project.dir, ".env"));
    await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "config", 20_000, mark);
    await client.close().catch(() => undefined);
    client = await eventually(() => connectClient(ready.mcpUrl), () => true);
    assert.equal(await titleOf(client), "no title in the environment");
    await client.close();
    assert.ok(!dev.stdout().includes("Second, longer title") && !dev.stderr().includes("Second, longer title"), ".env values are not printed");
    assert.equal(await dev.stop(), 0);
  });
});

describe("dev: ports", () => {
  const projects: TempProject[] = [];
  const running: DevProcess[] = [];
  let blocker: Server | undefined;
  after(() => {
    for (const dev of running) dev.kill("SIGKILL");
    for (const project of projects) project.remove();
    blocker?.close();
  });

  test("a taken port: the next free one and a line that says so; --strict-port fails instead", async () => {
    blocker = createServer();
    const taken = await new Promise<number>((resolve) => blocker!.listen(0, "127.0.0.1", () => resolve((blocker!.address() as { port: number }).port)));
    const project = tempProject("dev-app");
    projects.push(project);

    // PORT from the environment is honoured like --port.
    const dev = startDev(project.dir, ["--no-tunnel"], { PORT: String(taken) });
    running.push(dev);
    const ready = await dev.ready;
    assert.equal(ready.requestedPort, taken);
    assert.ok(ready.port > taken && ready.port <= taken + 20, `moved to ${ready.port}`);
    const warning = dev.events().find((e) => e.type === "warning" && e.code === "port_in_use");
    assert.match(String(warning?.message), new RegExp(`Port ${taken} is in use; using ${ready.port}`));
    await dev.waitForStderr(new RegExp(`Port ${taken} is in use`));
    assert.equal(await dev.stop(), 0);
    assert.equal(await probePort(ready.port, "127.0.0.1"), ready.port);

    const strict = await runBin(["dev", "--no-tunnel", "--strict-port", "--port", String(taken)], { cwd: project.dir, env: { NGROK_AUTHTOKEN: "" } });
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, new RegExp(`Port ${taken} is already in use \\(--strict-port\\)`));
    assert.match(strict.stderr, /hint:/);
    assert.equal(strict.stdout, "");
  });
});
