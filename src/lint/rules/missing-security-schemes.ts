import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-security-schemes",
  severity: "error",
  warnOnly: ["inherits"],
  messages: {
    inherits:
      'Tool "{tool}" declares no securitySchemes (neither top level nor _meta.securitySchemes), so it inherits the server\'s default auth; this server advertises no OAuth, so that is no auth, which may be what you mean. OpenAI asks for a per-tool declaration anyway: add securitySchemes: [{ "type": "noauth" }] to the tool; with chatgpt-app, set securitySchemes in defineApp() or on the tool.',
    missing:
      'Tool "{tool}" declares no securitySchemes (neither top level nor _meta.securitySchemes) on a server that advertises OAuth. ChatGPT then falls back to the server\'s default auth for it, and cannot offer account linking (OAuth) for this tool. Fix: add securitySchemes: [{ "type": "noauth" }] (or { "type": "oauth2", "scopes": [...] }) to the tool; with chatgpt-app, set securitySchemes in defineApp() or on the tool.',
  },
  docs: {
    description: "Every tool declares its auth with `securitySchemes`, top level or in `_meta`.",
    why:
      "Without it the tool inherits whatever default the server advertises, and ChatGPT shows the account-linking UI for a tool only when its `securitySchemes` names `oauth2` (source: https://developers.openai.com/apps-sdk/build/auth). The tool is not hidden: on a server without OAuth the inherited default is no auth, so lint only warns; on a server that advertises OAuth a tool without its own declaration cannot offer account linking, an error.",
    fix: 'Declare it per tool: `securitySchemes: [{ type: "noauth" }]`, or `[{ type: "oauth2", scopes: ["…"] }]`. In chatgpt-app, `defineApp({ securitySchemes: [{ type: "noauth" }] })` sets the default for every tool, and the host writes both the top-level field and the `_meta` mirror.',
    examples: {
      fail: { server: { oauth: true }, tools: [{ name: "show_map", inputSchema: { type: "object" } }] },
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
    const oauth = context.model.snapshot.server?.oauth === true;
    return {
      tool(tool) {
        if (tool.raw.securitySchemes !== undefined || tool.meta?.securitySchemes !== undefined) return;
        // Without OAuth the inherited default is no auth: a gap in the declaration, not a broken tool.
        context.report({ messageId: oauth ? "missing" : "inherits", pointer: "" });
      },
    };
  },
});
