import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ResourceListChangedNotificationSchema, ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { probePort } from "../../src/process/ports.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { childPids, connectClient, eventually, isAlive, startDev, widgetHtmlOf, type DevProcess } from "./dev-helpers.js";

const TOOLS_FILE = (names: string[]) => `import type { AppServer } from "chatgpt-app/server";

export const TOOL_NAMES = ${JSON.stringify(names)};

export function registerTools(server: AppServer): void {
  for (const name of TOOL_NAMES) {
    server.registerTool(
      name,
      {
        title: \`Tool \${name}\`,
        description: "Use this to show the board.",
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
        widget: "board",
      },
      async () => ({ content: [{ type: "text", text: name }] }),
    );
  }
}
`;

const label = (text: string) => `export const LABEL = ${JSON.stringify(text)};\n`;

describe("chatgpt-app dev --json --no-tunnel --port 0 (spawned)", () => {
  let project: TempProject;
  let dev: DevProcess;
  let client: Client;
  let mcpUrl: string;
  let port: number;

  before(async () => {
    project = tempProject("dev-app");
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    const ready = await dev.ready;
    mcpUrl = ready.mcpUrl;
    port = ready.port;
    assert.notEqual(port, 0, "--port 0 reports the port the system picked");
    client = await connectClient(mcpUrl);
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    dev?.kill("SIGKILL");
    project?.remove();
  });

  test("a widget edit changes the HTML and its URI over MCP; the old URI answers with the new HTML", async () => {
    const first = await widgetHtmlOf(client, "show_board");
    assert.match(first.html, /board v1/);
    project.write("widgets/board/label.ts", label("board v2, a longer label than before"));
    // A tools/list read just before the swap still names the old URI; the next one names the new.
    const second = await eventually(() => widgetHtmlOf(client, "show_board"), (w) => w.html.includes("board v2") && w.uri !== first.uri);
    assert.match(second.uri, /^ui:\/\/widget\/board-[0-9a-f]{12}\.html$/);
    assert.ok(second.html.length > first.html.length);
    const old = await client.readResource({ uri: first.uri });
    assert.match(String((old.contents[0] as { text?: string }).text), /board v2/);
    const rebuild = await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "widget" && e.uri === second.uri);
    assert.equal(rebuild.name, "board");
    assert.equal(rebuild.file, join("widgets", "board", "label.ts"));
    assert.equal(typeof rebuild.durationMs, "number");
  });

  test("a server edit changes the tool list", async () => {
    project.write("server/tools.ts", TOOLS_FILE(["show_board", "show_board_again"]));
    const tools = await eventually(
      async () => (await client.listTools()).tools.map((t) => t.name),
      (names) => names.includes("show_board_again"),
    );
    assert.deepEqual(tools.sort(), ["show_board", "show_board_again"]);
    const rebuild = await dev.waitForEvent((e) => e.type === "rebuild" && e.kind === "server");
    assert.equal(rebuild.tools, 2);
  });

  test("a client holding a session is sent tools/list_changed and resources/list_changed", async () => {
    const session = await connectClient(mcpUrl);
    try {
      let toolsChanged = 0;
      let resourcesChanged = 0;
      session.setNotificationHandler(ToolListChangedNotificationSchema, async () => void (toolsChanged += 1));
      session.setNotificationHandler(ResourceListChangedNotificationSchema, async () => void (resourcesChanged += 1));
      const before = await widgetHtmlOf(session, "show_board");
      // The SDK client opens its event stream just after initialize; an edit is repeated until one is heard.
      for (let attempt = 0; attempt < 10 && (toolsChanged === 0 || resourcesChanged === 0); attempt++) {
        project.write("widgets/board/label.ts", label(`session ${attempt} ${"*".repeat(attempt + 3)}`));
        await eventually(async () => toolsChanged > 0 && resourcesChanged > 0, (v) => v, 2000).catch(() => undefined);
      }
      assert.ok(toolsChanged > 0, "tools/list_changed arrived");
      assert.ok(resourcesChanged > 0, "resources/list_changed arrived");
      const after = await widgetHtmlOf(session, "show_board");
      assert.notEqual(after.uri, before.uri, "the tool's metadata carries the new URI on the same session");
    } finally {
      await session.close();
    }
  });

  test("a syntax error keeps the last good HTML; the fix brings the new one", async () => {
    project.write("widgets/board/label.ts", label("before the typo"));
    await eventually(() => widgetHtmlOf(client, "show_board"), (w) => w.html.includes("before the typo"));
    const mark = dev.events().length;
    project.write("widgets/board/label.ts", 'export const LABEL = "unterminated;\n');
    const error = await dev.waitForEvent((e) => e.type === "error" && e.name === "board", 20_000, mark);
    assert.equal(error.code, "widget_build_failed");
    assert.equal(error.file, "widgets/board/label.ts");
    assert.equal(error.line, 1);
    assert.match(String(error.message), /label\.ts:1:\d+/);
    assert.match(String(error.message), /│/, "a code frame");
    assert.match((await widgetHtmlOf(client, "show_board")).html, /before the typo/);
    assert.equal(dev.stderr().split("failed (widgets/board/label.ts").length - 1, 1, "printed once");
    project.write("widgets/board/label.ts", label("after the fix, longer"));
    await eventually(() => widgetHtmlOf(client, "show_board"), (w) => w.html.includes("after the fix, longer"));
  });

  test("200 rapid saves end with the HTML of the last save, and dev is still up", async () => {
    const file = join(project.dir, "widgets/board/label.ts");
    for (let i = 0; i < 200; i++) {
      writeFileSync(file, label(`rapid ${i} ${"#".repeat(i % 17)}`));
      if (i % 4 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const last = `rapid 199 ${"#".repeat(199 % 17)}`;
    await eventually(() => widgetHtmlOf(client, "show_board"), (w) => w.html.includes(JSON.stringify(last)));
    // Nothing older lands after it.
    await new Promise((r) => setTimeout(r, 500));
    assert.ok((await widgetHtmlOf(client, "show_board")).html.includes(JSON.stringify(last)));
    assert.equal(dev.child.exitCode, null);
  });

  test("a throw while the app loads is reported with file:line:col and a frame; the old tools keep serving", async () => {
    const mark = dev.events().length;
    project.write("server/tools.ts", `${TOOLS_FILE(["show_board", "show_board_again"])}\nthrow new Error("boom at load");\n`);
    const error = await dev.waitForEvent((e) => e.type === "error" && e.kind === "server", 20_000, mark);
    assert.equal(error.code, "app_load_error");
    assert.match(String(error.message), /boom at load/);
    assert.equal(error.file, "server/tools.ts");
    assert.equal(typeof error.line, "number");
    assert.match(String(error.message), /> +\d+ │ throw new Error/);
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ["show_board", "show_board_again"]);

    // A tool list that clients would reject is a bad definition too: it never replaces the last good app.
    const mark2 = dev.events().length;
    project.write("server/tools.ts", TOOLS_FILE(["show_board", "show_board_again", "show_board_3"]).replace("readOnlyHint: true", "readOnlyHint: 'yes' as unknown as boolean"));
    const invalid = await dev.waitForEvent((e) => e.type === "error" || e.type === "rebuild", 20_000, mark2);
    assert.equal(invalid.code, "app_definition_invalid", JSON.stringify(invalid));
    assert.match(String(invalid.message), /readOnlyHint/);
    assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), ["show_board", "show_board_again"]);
    project.write("server/tools.ts", TOOLS_FILE(["recovered"]));
    await eventually(async () => (await client.listTools()).tools.map((t) => t.name), (n) => n.length === 1 && n[0] === "recovered");
  });

  test("a missing import is reported; creating the file recovers", async () => {
    const mark = dev.events().length;
    project.write("server/index.ts", `import { defineApp } from "chatgpt-app/server";
import { registerTools } from "./tools.js";
import { extra } from "./extra.js";

export default defineApp({
  name: "fixture-dev-app",
  setup(server) {
    registerTools(server);
    extra(server);
  },
});
`);
    const error = await dev.waitForEvent((e) => e.type === "error" && e.kind === "server", 20_000, mark);
    assert.equal(error.code, "app_compile_error", JSON.stringify(error));
    assert.match(String(error.message), /extra\.js/);
    assert.equal(error.file, "server/index.ts");
    project.write("server/extra.ts", `import type { AppServer } from "chatgpt-app/server";
export function extra(server: AppServer) {
  server.registerTool("extra_tool", { description: "Extra.", annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } }, async () => ({ content: [] }));
}
`);
    await eventually(async () => (await client.listTools()).tools.map((t) => t.name), (n) => n.includes("extra_tool"));
  });

  test("SIGINT ends dev with exit 0; the port is free and no child process remains", async () => {
    await client.close();
    const pid = dev.child.pid!;
    const children = childPids(pid);
    assert.ok(children.length > 0, "dev runs esbuild's service as a child");
    const code = await dev.stop();
    assert.equal(code, 0, dev.stderr());
    assert.equal(isAlive(pid), false);
    for (const child of children) assert.equal(isAlive(child), false, `child ${child} is gone`);
    assert.match(dev.stderr(), /Shutting down/);
    assert.equal(await probePort(port, "127.0.0.1"), port, "the port can be bound again");
  });
});
