import { stringAt } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-title",
  severity: "warn",
  messages: {
    missing: 'Tool "{tool}" has no title; hosts show its machine name "{tool}" to people instead.',
  },
  docs: {
    description: "Every tool has a human-readable `title` (top level or `annotations.title`).",
    why: 'OpenAI asks for a "machine-readable name and human-readable title"; hosts show the title in their UI (source: https://developers.openai.com/apps-sdk/build/mcp-server).',
    fix: 'Add `title: "Show pizza map"`.',
    examples: {
      fail: { tools: [{ name: "show_map" }] },
      pass: { tools: [{ name: "show_map", title: "Show map" }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const title = stringAt(tool.raw, "title") ?? stringAt(tool.raw.annotations, "title");
        if (title === undefined || title.trim() === "") context.report({ messageId: "missing", pointer: "/title" });
      },
    };
  },
});
