import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { connectClient, eventually, startDev, widgetHtmlOf, type DevProcess } from "./dev-helpers.js";

/** A widget folder deleted while dev runs is a problem to report, not a reason to fail every request. */
describe("dev when a widget's folder is deleted (spawned)", () => {
  let project: TempProject;
  let dev: DevProcess;
  let url: string;
  let mcpUrl: string;
  let lastGood: { uri: string; html: string };
  const saved = mkdtempSync(join(tmpdir(), "chatgpt-app-removed-widget-"));

  const health = async () => (await (await fetch(`${url}/healthz`)).json()) as { status: string; problems?: string[] };
  /** A new client each time: initialize, tools/list, ping and a read, as a host that connects now would. */
  const freshClient = async <T>(use: (client: Client) => Promise<T>): Promise<T> => {
    const client = await connectClient(mcpUrl);
    try {
      return await use(client);
    } finally {
      await client.close();
    }
  };

  before(async () => {
    project = tempProject("dev-app");
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    ({ url, mcpUrl } = await dev.ready);
    lastGood = await freshClient((client) => widgetHtmlOf(client, "show_board"));
  });

  after(async () => {
    dev?.kill("SIGKILL");
    project?.remove();
    rmSync(saved, { recursive: true, force: true });
  });

  test("the widget is reported once, its last good HTML keeps serving, and /healthz says degraded", async () => {
    assert.equal((await health()).status, "ok");
    const mark = dev.events().length;
    cpSync(join(project.dir, "widgets", "board"), join(saved, "board"), { recursive: true });
    rmSync(join(project.dir, "widgets", "board"), { recursive: true });
    const error = await dev.waitForEvent((e) => e.type === "error" && e.name === "board", 20_000, mark);
    assert.equal(error.code, "widget_missing");
    assert.match(String(error.message), /widgets\/board\/ was removed/);

    for (let i = 0; i < 3; i++) {
      const served = await freshClient(async (client) => {
        await client.ping();
        return widgetHtmlOf(client, "show_board");
      });
      assert.deepEqual(served, lastGood);
    }
    const status = await health();
    assert.equal(status.status, "degraded");
    assert.deepEqual(status.problems, ["widget:board"]);
    assert.equal(dev.events().slice(mark).filter((e) => e.type === "error").length, 1, "reported once");
    assert.doesNotMatch(dev.stderr(), /this is a bug/);
  });

  test("putting the folder back clears the problem", async () => {
    const mark = dev.events().length;
    cpSync(join(saved, "board"), join(project.dir, "widgets", "board"), { recursive: true });
    await dev.waitForEvent((e) => e.type === "rebuild" && e.name === "board", 20_000, mark);
    await eventually(health, (h) => h.status === "ok");
  });

  test("once the app no longer renders it, a deleted widget is gone for good", async () => {
    rmSync(join(project.dir, "widgets", "board"), { recursive: true });
    await eventually(health, (h) => h.status === "degraded");
    const mark = dev.events().length;
    project.write("server/tools.ts", 'import type { AppServer } from "chatgpt-app/server";\n\nexport function registerTools(_server: AppServer): void {}\n');
    await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "server", 20_000, mark);
    await eventually(health, (h) => h.status === "ok");
    const resources = await freshClient(async (client) => (await client.listResources()).resources);
    assert.deepEqual(resources, []);
  });
});

describe("dev and a widget folder without an entry file (spawned)", () => {
  let project: TempProject;
  let dev: DevProcess;

  before(() => {
    project = tempProject("dev-app", { "widgets/chart/Chart.tsx": 'document.title = "chart";\n' });
  });

  after(() => {
    dev?.kill("SIGKILL");
    project?.remove();
  });

  test("is reported at start, and naming its entry makes it a widget", async () => {
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    const { url } = await dev.ready;
    const error = dev.events().find((e) => e.type === "error" && e.name === "chart");
    assert.equal(error?.code, "widget_entry_missing");
    assert.match(String(error?.message), /widgets\/chart\/ has no entry file .*Chart\.tsx/);
    const mark = dev.events().length;
    project.write("widgets/chart/index.tsx", 'import "./Chart";\n');
    const rebuilt = await dev.waitForEvent((e) => e.type === "rebuild" && e.name === "chart", 20_000, mark);
    assert.match(String(rebuilt.uri), /^ui:\/\/widget\/chart-/);
    await eventually(async () => ((await (await fetch(`${url}/healthz`)).json()) as { status: string }).status, (s) => s === "ok");
  });

  test("a folder created while dev runs is reported when code lands in it", async () => {
    const mark = dev.events().length;
    project.write("widgets/map/Map.tsx", 'document.title = "map";\n');
    const error = await dev.waitForEvent((e) => e.type === "error" && e.name === "map", 20_000, mark);
    assert.equal(error.code, "widget_entry_missing");
  });
});
