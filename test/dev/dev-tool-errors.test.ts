import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { connectClient, eventually, startDev, type DevProcess } from "./dev-helpers.js";

const SECRET = "sk-dev-secret-0123456789";

describe("tool errors and tool schemas under chatgpt-app dev --json (spawned)", () => {
  let project: TempProject;
  let dev: DevProcess;
  let client: Client;
  let source: string;

  before(async () => {
    project = tempProject("tool-errors");
    source = readFileSync(join(project.dir, "server", "index.ts"), "utf8");
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    client = await connectClient((await dev.ready).mcpUrl);
  });

  after(async () => {
    await client?.close().catch(() => undefined);
    dev?.kill("SIGKILL");
    project?.remove();
  });

  test("a handler that throws: isError to the client; the terminal and the NDJSON stream name the tool and the user's file", async () => {
    const result = await client.callTool({ name: "get_forecast", arguments: { city: "Atlantis", apiKey: SECRET } });
    assert.equal(result.isError, true);
    assert.deepEqual(result.content, [{ type: "text", text: "no weather station in Atlantis" }]);

    const event = await dev.waitForEvent((e) => e.type === "tool-error");
    assert.equal(event.tool, "get_forecast");
    assert.equal(event.error, "Error: no weather station in Atlantis");
    assert.deepEqual([event.file, event.line], [join("server", "weather.ts"), 2]);
    const stack = event.stack as string[];
    assert.match(stack[0]!, /^at forecastFor \(server\/weather\.ts:2:\d+\)$/, "mapped to the TypeScript source, not the bundle");
    assert.match(stack[1]!, /server\/index\.ts:18:\d+\)$/, "the handler's own line");
    assert.ok(stack.every((frame) => !/node_modules|node:internal|chatgpt-app-|\.mjs/.test(frame)), stack.join("\n"));

    const printed = await dev.waitForStderr(/tool get_forecast threw \(server\/weather\.ts:2:\d+\); the client got an isError result\n[\s\S]*?\n\n {4}at forecastFor/);
    assert.match(printed[0], /> 2 │ {3}if \(city === "Atlantis"\) throw new Error/, "with a code frame");
    assert.doesNotMatch(dev.stderr() + dev.stdout(), new RegExp(SECRET), "arguments are never printed");

    const good = await client.callTool({ name: "get_forecast", arguments: { city: "Lisbon" } });
    assert.equal(good.isError, undefined);
  });

  test("z.date() in an input schema: a load error naming the tool, the field and its pointer; the last good app keeps serving", async () => {
    const after = dev.events().length;
    project.write("server/index.ts", source.replace("apiKey: z.string().optional()", "when: z.object({ at: z.date() }).optional()"));
    const event = await dev.waitForEvent((e) => e.type === "error", 30_000, after);
    assert.equal(event.code, "app_definition_invalid");
    assert.deepEqual([event.file, event.line], [join("server", "index.ts"), 9], "where the tool is registered");
    assert.match(String(event.message), /^server\/index\.ts:9:\d+: Tool "get_forecast": inputSchema field "when\.at" \(pointer \/inputSchema\/properties\/when\/properties\/at\)/);
    assert.match(String(event.message), /z\.iso\.datetime\(\)/);
    assert.doesNotMatch(String(event.message), /setup\(\) threw|MCP error/);
    const { tools } = await client.listTools();
    assert.deepEqual(Object.keys(tools[0]!.inputSchema.properties ?? {}), ["city", "apiKey"]);
  });

  test("inputSchema: z.string() is a load error too, instead of being advertised as {}", async () => {
    const after = dev.events().length;
    project.write("server/index.ts", source.replace("inputSchema: { city: z.string(), apiKey: z.string().optional() }", "inputSchema: z.string() as never"));
    const event = await dev.waitForEvent((e) => e.type === "error", 30_000, after);
    assert.equal(event.code, "app_definition_invalid");
    assert.match(String(event.message), /^server\/index\.ts:9:\d+: Tool "get_forecast": inputSchema must be an object schema.*it is a string schema.*pointer \/inputSchema/);

    project.write("server/index.ts", `${source}\n// fixed\n`);
    const tools = await eventually(async () => (await client.listTools()).tools, (list) => list.length === 1 && dev.events().slice(after).some((e) => e.type === "rebuild"));
    assert.deepEqual(tools[0]!.inputSchema.required, ["city"]);
  });
});
