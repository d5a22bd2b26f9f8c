import { isObject, show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "input-schema-root",
  severity: "error",
  messages: {
    missing: 'Tool "{tool}" has no inputSchema; MCP requires one, and the SDK client rejects the whole tools/list without it.',
    notObject: 'The inputSchema of tool "{tool}" has type {type} at its root; MCP requires type: "object".',
  },
  docs: {
    description: 'Every tool has an `inputSchema` whose root is `type: "object"`.',
    why: "MCP requires `inputSchema` with an object root; the SDK client rejects a `tools/list` result that breaks this, so every tool disappears (source: https://modelcontextprotocol.io/specification/2025-11-25/server/tools).",
    fix: 'Declare the arguments as an object: `inputSchema: { type: "object", properties: { … } }` (a zod shape does this).',
    examples: {
      fail: { tools: [{ name: "show_map", inputSchema: { type: "string" } }] },
      pass: { tools: [{ name: "show_map", inputSchema: { type: "object", properties: {} } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const schema = tool.raw.inputSchema;
        if (schema === undefined) context.report({ messageId: "missing", pointer: "/inputSchema" });
        else if (!isObject(schema) || schema.type !== "object") {
          context.report({ messageId: "notObject", data: { type: show(isObject(schema) ? schema.type : schema, 30) }, pointer: "/inputSchema/type" });
        }
      },
    };
  },
});
