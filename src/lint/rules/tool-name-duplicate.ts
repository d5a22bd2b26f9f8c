import { defineRule } from "../types.js";

export default defineRule({
  id: "tool-name-duplicate",
  severity: "error",
  messages: {
    duplicate: 'Tool name "{tool}" is used by {count} tools; a client can call only one of them.',
  },
  docs: {
    description: "Tool names are unique within a server.",
    why: "Clients key tools by name; a duplicate shadows the other tool, and review requires unique names (sources: https://modelcontextprotocol.io/specification/2025-11-25/server/tools, https://developers.openai.com/apps-sdk/app-submission-guidelines).",
    fix: "Give each tool its own name.",
    examples: {
      fail: { tools: [{ name: "search" }, { name: "search" }] },
      pass: { tools: [{ name: "search_pizzas" }, { name: "search_shops" }] },
    },
  },
  create(context) {
    return {
      server(model) {
        const counts = new Map<string, number>();
        for (const tool of model.tools) {
          if (typeof tool.raw.name === "string") counts.set(tool.raw.name, (counts.get(tool.raw.name) ?? 0) + 1);
        }
        for (const [name, count] of counts) {
          if (count > 1) context.report({ messageId: "duplicate", data: { count }, subject: { kind: "tool", name }, pointer: "/name" });
        }
      },
    };
  },
});
