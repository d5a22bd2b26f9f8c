import { isObject, show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "output-schema-root",
  severity: "error",
  messages: {
    notObject:
      'The outputSchema of tool "{tool}" has type {type} at its root; for 2025-era clients (ChatGPT today) structuredContent is an object, so it must be type: "object".',
    notSchema: 'The outputSchema of tool "{tool}" is {value}, not a JSON Schema.',
  },
  docs: {
    description: 'An `outputSchema`, when present, has `type: "object"` at its root (for 2025-era clients).',
    why: "Up to the 2025-11-25 revision `structuredContent` is always an object: MCP and the SDK require an object root, and the SDK client rejects the tool list otherwise (source: https://modelcontextprotocol.io/specification/2025-11-25/server/tools). The 2026-07-28 revision allows any JSON value there and any JSON Schema (source: https://modelcontextprotocol.io/specification/2026-07-28/server/tools), but ChatGPT is a 2025-era client today.",
    fix: 'Wrap the result: `outputSchema: { type: "object", properties: { items: { type: "array" } } }`.',
    era: 'Depends on the era. `--era 2025` (the default, as ChatGPT judges today): the root must be `type: "object"`. `--era 2026`: any JSON Schema will do (an array root, say); only a value that is no schema at all is reported.',
    examples: {
      fail: { tools: [{ name: "list_pizzas", outputSchema: { type: "array", items: { type: "string" } } }] },
      pass: { tools: [{ name: "list_pizzas", outputSchema: { type: "object", properties: { pizzas: { type: "array" } } } }] },
    },
  },
  create(context) {
    const anySchema = context.model.era === "2026";
    return {
      tool(tool) {
        const schema = tool.raw.outputSchema;
        if (schema === undefined) return;
        // A 2026-era client takes any JSON Schema 2020-12, `true` and `false` included.
        if (anySchema) {
          if (!isObject(schema) && typeof schema !== "boolean") context.report({ messageId: "notSchema", data: { value: show(schema, 30) }, pointer: "/outputSchema" });
          return;
        }
        if (!isObject(schema) || schema.type !== "object") {
          context.report({ messageId: "notObject", data: { type: show(isObject(schema) ? schema.type : schema, 30) }, pointer: "/outputSchema/type" });
        }
      },
    };
  },
});
