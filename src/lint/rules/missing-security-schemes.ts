import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-security-schemes",
  severity: "error",
  messages: {
    missing:
      'Tool "{tool}" declares no securitySchemes (neither top level nor _meta.securitySchemes). ChatGPT then falls back to the server\'s default auth for it, and cannot offer account linking (OAuth) for this tool. Fix: add securitySchemes: [{ "type": "noauth" }] (or { "type": "oauth2", "scopes": [...] }) to the tool; with chatgpt-app, set securitySchemes in defineApp() or on the tool.',
  },
  docs: {
    description: "Every tool declares its auth with `securitySchemes`, top level or in `_meta`.",
    why:
      "Without it the tool inherits whatever default the server advertises, and ChatGPT shows the account-linking UI for a tool only when its `securitySchemes` names `oauth2` (source: https://developers.openai.com/apps-sdk/build/auth). The tool is not hidden: the cost is auth that nobody chose.",
    fix: 'Declare it per tool: `securitySchemes: [{ type: "noauth" }]`, or `[{ type: "oauth2", scopes: ["…"] }]`. In chatgpt-app, `defineApp({ securitySchemes: [{ type: "noauth" }] })` sets the default for every tool, and the host writes both the top-level field and the `_meta` mirror.',
    examples: {
      fail: { tools: [{ name: "show_map", inputSchema: { type: "object" } }] },
      pass: {
        tools: [
          {
            name: "show_map",
            inputSchema: { type: "object" },
            securitySchemes: [{ type: "noauth" }],
            _meta: { securitySchemes: [{ type: "noauth" }] },
          },
        ],
      },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (tool.raw.securitySchemes === undefined && tool.meta?.securitySchemes === undefined) {
          context.report({ messageId: "missing", pointer: "" });
        }
      },
    };
  },
});
