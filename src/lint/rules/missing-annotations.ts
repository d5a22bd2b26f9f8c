import { isObject } from "../json.js";
import { defineRule } from "../types.js";

const HINTS = ["readOnlyHint", "destructiveHint", "openWorldHint"] as const;
/** What MCP clients assume for a hint that is not set. */
const DEFAULTS: Record<(typeof HINTS)[number], string> = { readOnlyHint: "read-only false", destructiveHint: "destructive true", openWorldHint: "open-world true" };

export default defineRule({
  id: "missing-annotations",
  severity: "error",
  messages: {
    missing:
      'Tool "{tool}" does not set {hints} explicitly (true or false); ChatGPT review treats missing hints as a submission blocker, and clients assume the worst ({defaults}).',
  },
  docs: {
    description: "Every tool sets `readOnlyHint`, `destructiveHint` and `openWorldHint` as booleans.",
    why: 'OpenAI lists the three hints as required and calls missing ones "submission blockers, even if MCP clients may have protocol-level defaults"; the MCP defaults make a tool look destructive (sources: https://developers.openai.com/apps-sdk/reference, https://developers.openai.com/plugins/deploy/app-review).',
    fix: "Set all three to match what the tool does: `annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false }`.",
    examples: {
      fail: { tools: [{ name: "show_map", annotations: { readOnlyHint: true } }] },
      pass: { tools: [{ name: "show_map", annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const annotations = isObject(tool.raw.annotations) ? tool.raw.annotations : {};
        const missing = HINTS.filter((hint) => typeof annotations[hint] !== "boolean");
        if (!missing.length) return;
        context.report({ messageId: "missing", data: { hints: missing.join(", "), defaults: missing.map((h) => DEFAULTS[h]).join(", ") }, pointer: "/annotations" });
      },
    };
  },
});
