import { show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "tool-malformed",
  severity: "error",
  messages: {
    notObject: "tools/list entry {index} is {value}, not a tool object; MCP clients reject or drop it.",
  },
  docs: {
    description: "Every entry of `tools/list` is a tool object.",
    why: "The MCP SDK client rejects a `tools/list` result with a malformed entry, so one bad entry can hide every tool of the server (source: https://github.com/modelcontextprotocol/typescript-sdk).",
    fix: "Return only objects with at least `name` and `inputSchema` from `tools/list`.",
    examples: {
      fail: { tools: ["show_map"] },
      pass: { tools: [{ name: "show_map", inputSchema: { type: "object" } }] },
    },
  },
  create(context) {
    return {
      server(model) {
        for (const { index, value } of model.malformedTools) {
          context.report({
            messageId: "notObject",
            data: { index, value: show(value, 40) },
            subject: { kind: "tool", name: `#${index}` },
          });
        }
      },
    };
  },
});
