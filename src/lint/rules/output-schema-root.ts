import { isObject, show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "output-schema-root",
  severity: "error",
  messages: {
    notObject: 'The outputSchema of tool "{tool}" has type {type} at its root; structuredContent is an object, so it must be type: "object".',
  },
  docs: {
    description: 'An `outputSchema`, when present, has `type: "object"` at its root.',
    why: "`structuredContent` is always an object; MCP and the SDK require an object root, and the SDK client rejects the tool list otherwise (source: https://modelcontextprotocol.io/specification/2025-11-25/server/tools).",
    fix: 'Wrap the result: `outputSchema: { type: "object", properties: { items: { type: "array" } } }`.',
    examples: {
      fail: { tools: [{ name: "list_pizzas", outputSchema: { type: "array", items: { type: "string" } } }] },
      pass: { tools: [{ name: "list_pizzas", outputSchema: { type: "object", properties: { pizzas: { type: "array" } } } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const schema = tool.raw.outputSchema;
        if (schema === undefined) return;
        if (!isObject(schema) || schema.type !== "object") {
          context.report({ messageId: "notObject", data: { type: show(isObject(schema) ? schema.type : schema, 30) }, pointer: "/outputSchema/type" });
        }
      },
    };
  },
});
