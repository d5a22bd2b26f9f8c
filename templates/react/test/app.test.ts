import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTestClient, type TestClient } from "chatgpt-app/testing";
import { rollDice } from "../server/dice.js";

const root = fileURLToPath(new URL("..", import.meta.url));

// The app as ChatGPT sees it: the official MCP client, talking to the real server in memory.
describe("roll_dice", () => {
  let app: TestClient;
  before(async () => {
    app = await createTestClient({ root });
  });
  after(() => app.close());

  test("is listed with everything ChatGPT reads", async () => {
    const tool = (await app.listTools()).find((t) => t.name === "roll_dice");
    assert.ok(tool, "roll_dice is listed");
    assert.equal(tool.title, "Roll dice");
    assert.deepEqual(tool.annotations, { readOnlyHint: false, destructiveHint: false, openWorldHint: false });
    assert.deepEqual(tool.securitySchemes, [{ type: "noauth" }]);
    assert.equal((tool.outputSchema as { type: string }).type, "object");
    const uri = await app.widgetUriOf("roll_dice");
    assert.match(uri ?? "", /^ui:\/\/widget\/dice-[0-9a-f]+\.html$/);
    assert.equal(tool._meta?.["openai/outputTemplate"], uri);
  });

  test("returns the dice for the widget and a summary for the model", async () => {
    const result = await app.callTool("roll_dice", { count: 3, sides: 6 });
    assert.ok(!result.isError, JSON.stringify(result.content));
    const roll = result.structuredContent as { rolls: number[]; total: number; sides: number };
    assert.equal(roll.rolls.length, 3);
    assert.equal(roll.sides, 6);
    assert.ok(roll.rolls.every((v) => Number.isInteger(v) && v >= 1 && v <= 6));
    assert.equal(roll.total, roll.rolls.reduce((a, b) => a + b, 0));
    assert.match((result.content[0] as { text: string }).text, new RegExp(`total ${roll.total}`));
  });

  test("keeps a history per widget session, oldest first, and mints a session on the first roll", async () => {
    const first = await app.callTool("roll_dice", { count: 1, sides: 6 });
    const { session, history } = first.structuredContent as { session: string; history: unknown[] };
    assert.equal(typeof session, "string");
    assert.equal(first._meta?.["openai/widgetSessionId"], session);
    assert.equal(history.length, 1);
    const second = await app.callTool("roll_dice", { count: 2, sides: 6, session });
    const again = second.structuredContent as { session: string; history: Array<{ rolls: number[] }>; rolls: number[] };
    assert.equal(again.session, session);
    assert.deepEqual(again.history.map((r) => r.rolls.length), [1, 2]);
    assert.deepEqual(again.history.at(-1)!.rolls, again.rolls);
    // Another session's history is its own.
    const other = await app.callTool("roll_dice", { count: 3, sides: 6 });
    assert.notEqual((other.structuredContent as { session: string }).session, session);
    assert.equal((other.structuredContent as { history: unknown[] }).history.length, 1);
  });

  test("refuses arguments outside the schema", async () => {
    const result = await app.callTool("roll_dice", { count: 0, sides: 6 });
    assert.equal(result.isError, true);
  });

  test("serves the widget as one self-contained HTML document", async () => {
    const widget = await app.readWidget("dice");
    assert.equal(widget.mimeType, "text/html;profile=mcp-app");
    assert.match(widget.html, /^<!doctype html>/i);
    assert.doesNotMatch(widget.html, /<script[^>]+src=/, "scripts are inlined");
    assert.equal((widget._meta?.ui as { prefersBorder?: boolean }).prefersBorder, true);
  });
});

test("rollDice adds up the dice it rolled", () => {
  const values = [0, 0.5, 0.99];
  const roll = rollDice(3, 6, () => values.shift()!);
  assert.deepEqual(roll, { rolls: [1, 4, 6], total: 11, sides: 6 });
});
