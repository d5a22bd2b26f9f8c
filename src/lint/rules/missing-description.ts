import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-description",
  severity: "error",
  messages: {
    missing: 'Tool "{tool}" has no description; the model cannot tell when to use it, and review rejects it.',
  },
  docs: {
    description: "Every tool has a non-empty `description`.",
    why: "The description is how the model decides when to call the tool; OpenAI's guidelines require one that says what it does, when to use it and its side effects (source: https://developers.openai.com/apps-sdk/app-submission-guidelines).",
    fix: 'Write one, e.g. "Use this when the user wants to see pizzerias on a map. Read-only."',
    examples: {
      fail: { tools: [{ name: "show_map" }] },
      pass: { tools: [{ name: "show_map", description: "Use this when the user wants to see pizzerias on a map." }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const description = tool.raw.description;
        if (typeof description !== "string" || description.trim() === "") context.report({ messageId: "missing", pointer: "/description" });
      },
    };
  },
});
