import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { Client as ClientV2, StreamableHTTPClientTransport as StreamableHTTPClientTransportV2 } from "@modelcontextprotocol/client";
import { z } from "zod";
import { templateVenv } from "../dev/python-venv.js";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { connect, type Raw } from "../helpers/mcp.js";
import { FIXTURES, REPO_ROOT, tempProject, type TempProject } from "../helpers/project.js";

const execFileAsync = promisify(execFile);
// The project's own `node --test` must not think it runs inside ours.
const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;
const STALE_URI = "ui://widget/dice-000000000000.html";

/** What one client saw of the app: the tool list, a call, a widget read and a read under an older hash. */
interface Seen {
  tools: Raw[];
  call: Raw;
  read: Raw;
  stale: Raw;
}

type ClientKind = "v1" | "v2" | "python";

async function seenByV1(url: string): Promise<Seen> {
  const client = await connect(url);
  try {
    const tools = (await client.raw("tools/list")).tools as Raw[];
    const call = await client.raw("tools/call", { name: "roll_dice", arguments: { count: 3, sides: 6 } });
    const uri = tools.find((t) => t.name === "roll_dice")?._meta?.ui?.resourceUri;
    return { tools, call, read: await client.raw("resources/read", { uri }), stale: await client.raw("resources/read", { uri: STALE_URI }) };
  } finally {
    await client.close();
  }
}

async function seenByV2(url: string): Promise<Seen> {
  const client = new ClientV2({ name: "chatgpt-app-tests-v2", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransportV2(new URL(url)));
  try {
    // As sent, beside what the SDK parsed: its Tool schema keeps only the keys it knows, and ChatGPT reads `securitySchemes` at the top level.
    const sent = (await client.request({ method: "tools/list", params: {} }, z.looseObject({ tools: z.array(z.looseObject({ name: z.string() })) }))).tools;
    const tools = (await client.listTools()).tools.map((tool) => ({ ...sent.find((t) => t.name === tool.name), ...tool })) as Raw[];
    const call = (await client.callTool({ name: "roll_dice", arguments: { count: 3, sides: 6 } })) as Raw;
    const uri = tools.find((t) => t.name === "roll_dice")?._meta?.ui?.resourceUri as string;
    return { tools, call, read: (await client.readResource({ uri })) as Raw, stale: (await client.readResource({ uri: STALE_URI })) as Raw };
  } finally {
    await client.close();
  }
}

async function seenByPython(url: string): Promise<Seen> {
  const venv = templateVenv(join(FIXTURES, "python-client", "requirements.txt"));
  const { stdout } = await execFileAsync(join(venv, "bin", "python"), [join(FIXTURES, "python-client", "contract_client.py"), url, STALE_URI], { timeout: 60_000 });
  return JSON.parse(stdout) as Seen;
}

const CLIENTS: Record<ClientKind, (url: string) => Promise<Seen>> = { v1: seenByV1, v2: seenByV2, python: seenByPython };

/** The metadata contract (docs/app.md): every key ChatGPT and MCP Apps hosts read, the same from every client. */
function assertContract(seen: Seen, app: { readOnly: boolean; inputs: readonly string[] }): Raw {
  const tool = seen.tools.find((t) => t.name === "roll_dice");
  assert.ok(tool, "roll_dice is listed");
  assert.equal(tool.title, "Roll dice");
  // The 0.1.0 app only reads; today's template keeps a history per widget session, so it writes.
  assert.deepEqual(tool.annotations, { readOnlyHint: app.readOnly, destructiveHint: false, openWorldHint: false });
  assert.deepEqual(tool.securitySchemes, [{ type: "noauth" }], "securitySchemes at the top level");
  const meta = tool._meta as Raw;
  assert.deepEqual(meta.securitySchemes, [{ type: "noauth" }]);
  const uri = meta.ui.resourceUri as string;
  assert.match(uri, /^ui:\/\/widget\/dice-[0-9a-f]+\.html$/);
  assert.equal(meta["openai/outputTemplate"], uri);
  assert.deepEqual(meta.ui.visibility, ["model", "app"]);
  assert.equal(meta["openai/widgetAccessible"], true);
  assert.equal(meta["openai/toolInvocation/invoking"], "Rolling the dice…");
  assert.equal(meta["openai/toolInvocation/invoked"], "Dice rolled");
  assert.deepEqual(Object.keys(tool.inputSchema.properties).sort(), app.inputs);
  assert.equal(tool.outputSchema.type, "object");

  assert.ok(!seen.call.isError, JSON.stringify(seen.call));
  const roll = seen.call.structuredContent as { rolls: number[]; total: number; sides: number };
  assert.equal(roll.rolls.length, 3);
  assert.equal(roll.total, roll.rolls.reduce((a, b) => a + b, 0));

  const widget = seen.read.contents[0] as Raw;
  assert.equal(widget.uri, uri);
  assert.equal(widget.mimeType, "text/html;profile=mcp-app");
  assert.match(widget.text, /^<!doctype html>/i);
  assert.equal(widget._meta.ui.prefersBorder, true);
  assert.ok(widget._meta["openai/widgetCSP"], "the widget's CSP alias");
  const stale = seen.stale.contents[0] as Raw;
  assert.equal(stale.uri, STALE_URI, "an older hash is answered under the URI asked for");
  assert.equal(stale.text, widget.text, "with the current widget");
  // The widget's URI names a hash of its HTML: the 0.1.0 widget and today's (which shows the history) differ.
  const sameWidget = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/dice-[0-9a-f]+\.html/g, "dice-<hash>.html")) as Raw;
  return sameWidget({ title: tool.title, securitySchemes: tool.securitySchemes, _meta: meta, widgetMeta: widget._meta });
}

/** The app's project, with chatgpt-app (this checkout) and what its own tests and widget need linked in. */
function appProject(from: { fixture: string } | { template: string }): TempProject {
  const project = "fixture" in from ? tempProject(from.fixture) : tempProject();
  if ("template" in from) {
    cpSync(join(REPO_ROOT, "templates", from.template), project.dir, { recursive: true, filter: (src) => !/\/(node_modules|dist)(\/|$)/.test(src) });
  }
  for (const name of ["react", "react-dom", "tsx", "@types", "typescript"]) {
    symlinkSync(join(REPO_ROOT, "node_modules", name), join(project.dir, "node_modules", name), "dir");
  }
  return project;
}

async function serve(args: string[], cwd: string): Promise<{ url: string; server: Spawned }> {
  const server = spawnCli(args, { cwd, env: { PORT: "0", NGROK_AUTHTOKEN: "" } });
  const [, origin] = await server.waitForStdout(/(http:\/\/127\.0\.0\.1:\d+)\/mcp/, 60_000);
  return { url: `${origin}/mcp`, server };
}

const APPS = [
  { line: 1, label: "a v1 app (the react template as chatgpt-app 0.1.0 scaffolded it, unchanged)", from: { fixture: "sdk-v1-react" }, expect: { readOnly: true, inputs: ["count", "sides"] } },
  { line: 2, label: "a v2 app (@modelcontextprotocol/server 2.x: the react template)", from: { template: "react" }, expect: { readOnly: false, inputs: ["count", "session", "sides"] } },
] as const;

const contracts = new Map<number, Raw>();

for (const app of APPS) {
  describe(`SDK line ${app.line}: ${app.label}`, { timeout: 600_000 }, () => {
    let project: TempProject;
    let start: { url: string; server: Spawned };
    before(async () => {
      project = appProject(app.from);
      const build = await runCli(["build"], { cwd: project.dir });
      assert.equal(build.code, 0, build.stderr);
      start = await serve(["start"], project.dir);
    });
    after(async () => {
      start?.server.kill();
      await start?.server.exited;
      project?.remove();
    });

    test("the line is read from package.json and kept in the build", () => {
      const manifest = JSON.parse(readFileSync(join(project.dir, "dist", "manifest.json"), "utf8"));
      assert.equal(manifest.app.sdk, app.line);
    });

    for (const client of ["v1", "v2", "python"] as const) {
      test(`start: the ${client} client sees the metadata contract over real HTTP`, async () => {
        contracts.set(app.line, assertContract(await CLIENTS[client](start.url), app.expect));
      });
    }

    test("dev: the v1 and v2 clients see the same contract", async () => {
      const dev = await serve(["dev", "--json"], project.dir);
      try {
        for (const client of ["v1", "v2"] as const) assertContract(await CLIENTS[client](dev.url), app.expect);
      } finally {
        dev.server.kill();
        await dev.server.exited;
      }
    });

    test("lint finds nothing to fix", async () => {
      const lint = await runCli(["lint", "--format", "json"], { cwd: project.dir });
      assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    });

    test("its own tests pass through chatgpt-app/testing", async () => {
      await execFileAsync(process.execPath, ["--import", "tsx", "--test", "test/app.test.ts"], { cwd: project.dir, env: parentEnv, timeout: 120_000 });
    });
  });
}

test("both lines list the same metadata for the same app", () => {
  assert.ok(contracts.has(1) && contracts.has(2), "both lines were served");
  assert.deepEqual(contracts.get(2), contracts.get(1));
});
