import { defineRule } from "../types.js";

export default defineRule({
  id: "security-schemes-dropped",
  severity: "warn",
  messages: {
    dropped:
      'Tool "{tool}" has _meta.securitySchemes but no top-level securitySchemes in tools/list. The MCP SDK drops the top-level field you pass to registerTool; copy it back in a tools/list handler (chatgpt-app does this for you).',
  },
  docs: {
    description: "`securitySchemes` is on the wire at the top level of the tool, not only in `_meta`.",
    why: "OpenAI documents the top-level field, with `_meta.securitySchemes` as a back-compat mirror; the MCP SDK silently drops a top-level `securitySchemes` passed to `registerTool`, and whether ChatGPT needs the top-level one for OAuth tools is unverified (sources: https://developers.openai.com/apps-sdk/build/auth, https://github.com/modelcontextprotocol/typescript-sdk).",
    fix: "Emit both with the same value. chatgpt-app's host copies `_meta.securitySchemes` to the top level of every `tools/list` entry.",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { securitySchemes: [{ type: "noauth" }] } }] },
      pass: { tools: [{ name: "show_map", securitySchemes: [{ type: "noauth" }], _meta: { securitySchemes: [{ type: "noauth" }] } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (tool.raw.securitySchemes === undefined && tool.meta?.securitySchemes !== undefined) {
          context.report({ messageId: "dropped", pointer: "/securitySchemes" });
        }
      },
    };
  },
});
