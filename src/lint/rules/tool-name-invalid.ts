import { show } from "../json.js";
import { defineRule } from "../types.js";

const VALID = /^[A-Za-z0-9._-]{1,128}$/;

export default defineRule({
  id: "tool-name-invalid",
  severity: "error",
  warnOnly: ["tooLongForClaude", "edge"],
  messages: {
    missing: "Tool #{index} has no name (a non-empty string); clients cannot call it.",
    invalid: "Tool name {name} is not 1–128 characters of A–Z a–z 0–9 _ - . ; hosts reject or rename it.",
    tooLongForClaude: 'Tool name "{tool}" is {length} characters; Claude\'s directory caps names at 64 (keep it ≤64 for cross-host apps).',
    edge: 'Tool name "{tool}" starts or ends with "-" or "."; the MCP SDK warns about it. Use letters or digits at both ends.',
  },
  docs: {
    description: "Tool names are 1–128 characters of `A–Z a–z 0–9 _ - .` (≤64 for cross-host apps).",
    why: "The MCP SDK validates names against `^[A-Za-z0-9._-]{1,128}$` and warns on a leading or trailing `-` or `.`; Claude's directory caps names at 64 characters (sources: https://modelcontextprotocol.io/specification/2025-11-25/server/tools, https://github.com/modelcontextprotocol/typescript-sdk).",
    fix: "Rename the tool: plain language, ideally a verb, e.g. `show_pizza_map`.",
    examples: {
      fail: { tools: [{ name: "show pizza map!" }] },
      pass: { tools: [{ name: "show_pizza_map" }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const name = tool.raw.name;
        if (typeof name !== "string" || name === "") {
          context.report({ messageId: "missing", data: { index: tool.index }, pointer: "/name" });
          return;
        }
        if (!VALID.test(name)) {
          context.report({ messageId: "invalid", data: { name: show(name) }, pointer: "/name" });
          return;
        }
        if (name.length > 64) context.report({ messageId: "tooLongForClaude", data: { length: name.length }, pointer: "/name" });
        if (/^[-.]|[-.]$/.test(name)) context.report({ messageId: "edge", pointer: "/name" });
      },
    };
  },
});
