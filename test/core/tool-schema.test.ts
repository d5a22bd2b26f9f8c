import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { defineApp } from "../../src/app/define-app.js";
import { AppDefinitionError } from "../../src/app/tool-meta.js";
import type { AppServer } from "../../src/app/app-server.js";
import { createAppServer, type AppState } from "../../src/host/app-state.js";
import { connectInMemory, listAll } from "../../src/host/in-memory.js";
import { checkAppForClients, checkAppState } from "../../src/host/project.js";

type Config = Parameters<AppServer["registerTool"]>[1];

function stateWith(config: Record<string, unknown>): AppState {
  const setup = (server: AppServer) => void server.registerTool("book", config as Config, async () => ({ content: [] }));
  return { app: defineApp({ name: "t", setup }), widgets: new Map(), mode: "test" };
}

/** The message the load-time check gives for this tool config, or undefined when it passes. */
async function problemOf(config: Record<string, unknown>): Promise<string | undefined> {
  try {
    await checkAppState(stateWith(config));
    return undefined;
  } catch (error) {
    assert.ok(error instanceof AppDefinitionError, `an AppDefinitionError, not ${String(error)}`);
    assert.equal(error.tool, "book");
    return error.message;
  }
}

describe("tool schemas are checked when the app loads", () => {
  test("z.date() names the tool, the field and its JSON pointer, with the fix", async () => {
    const message = await problemOf({ inputSchema: { city: z.string(), at: z.date() } });
    assert.match(message!, /^Tool "book": inputSchema field "at" \(pointer \/inputSchema\/properties\/at\)/);
    assert.match(message!, /Date cannot be represented in JSON Schema/);
    assert.match(message!, /z\.iso\.datetime\(\)/);
  });

  test("a nested field is found wherever it is: objects, arrays, optionals, unions, records", async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ inputSchema: { trip: z.object({ legs: z.array(z.object({ at: z.date().optional() })) }) } }, "trip.legs[].at", "/inputSchema/properties/trip/properties/legs/items/properties/at"],
      [{ inputSchema: z.object({ when: z.union([z.string(), z.date()]) }) }, "when", "/inputSchema/properties/when/anyOf/1"],
      [{ inputSchema: { ids: z.record(z.string(), z.bigint()) } }, "ids[key]", "/inputSchema/properties/ids/additionalProperties"],
      [{ inputSchema: { "a/b": z.map(z.string(), z.string()).nullable() } }, "a/b", "/inputSchema/properties/a~1b"],
      [{ inputSchema: { day: z.coerce.date() } }, "day", "/inputSchema/properties/day"],
      [{ outputSchema: { total: z.string().transform(Number) } }, "total", "/outputSchema/properties/total"],
    ];
    for (const [config, field, pointer] of cases) {
      const message = await problemOf(config);
      assert.ok(message?.includes(`field "${field}" (pointer ${pointer})`), `${field}: ${message}`);
    }
  });

  test("zod 3: a Date is advertised as a string it then refuses, so it is refused at load too", async () => {
    const message = await problemOf({ inputSchema: { at: z3.date() } });
    assert.match(message!, /field "at" \(pointer \/inputSchema\/properties\/at\).*a Date is not a JSON value, so every call would fail/);
    assert.equal(await problemOf({ inputSchema: { at: z3.coerce.date(), n: z3.number() } }), undefined, "a coerced date takes the string");
    assert.equal(await problemOf({ outputSchema: { at: z3.date() } }), undefined, "a returned Date is sent as the ISO string advertised");
    assert.match((await problemOf({ outputSchema: { n: z3.bigint() } }))!, /field "n".*a BigInt is not a JSON value/);
  });

  test("a root that is not an object is refused instead of being advertised as {}", async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ inputSchema: z.string() }, /inputSchema must be an object schema.*it is a string schema.*pointer \/inputSchema/],
      [{ inputSchema: z.union([z.object({ a: z.string() }), z.object({ b: z.string() })]) }, /it is a union schema.*a field of an object/],
      [{ inputSchema: z.object({ a: z.string() }).transform((v) => v) }, /it is a pipe schema/],
      [{ inputSchema: z3.object({ a: z3.string() }).refine(() => true) }, /it is an effects schema/],
      [{ outputSchema: z.array(z.string()) }, /outputSchema must be an object schema.*array schema/],
      [{ inputSchema: { type: "object", properties: {} } }, /inputSchema must be a zod schema.*a JSON Schema is not accepted/],
    ];
    for (const [config, pattern] of cases) assert.match((await problemOf(config)) ?? "passed", pattern);
  });

  test("what the SDK can advertise passes, and is listed as before", async () => {
    const fine: Array<Record<string, unknown>> = [
      {},
      { inputSchema: {} },
      { inputSchema: { city: z.string(), at: z.iso.datetime().optional(), tags: z.array(z.enum(["a", "b"])).default([]) } },
      { inputSchema: z.object({ n: z.number() }).refine((v) => v.n > 0) },
      { inputSchema: { n: z.string().transform(Number) }, outputSchema: { ok: z.boolean() } },
      { inputSchema: { q: z3.string(), n: z3.number().optional() } },
    ];
    for (const config of fine) assert.equal(await problemOf(config), undefined, JSON.stringify(Object.keys(config)));
    const tools = await checkAppForClients(stateWith(fine[2]!));
    assert.deepEqual((tools[0]!.inputSchema as { required: string[] }).required, ["city"]);
  });

  test("dev's and build's check refuses it too; the servers built per request skip the check", async () => {
    const state = stateWith({ inputSchema: { at: z.date() } });
    await assert.rejects(checkAppForClients(state), /field "at"/);
    const server = await createAppServer(state);
    await server.close();
    const connection = await connectInMemory(state);
    try {
      // What the SDK does without the check: the whole tools/list fails, naming nothing.
      await assert.rejects(listAll(connection.rawRequest, "tools/list", "tools"), /Date cannot be represented/);
    } finally {
      await connection.close();
    }
  });
});
