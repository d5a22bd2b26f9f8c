import { pointer } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "legacy-output-template-only",
  severity: "warn",
  messages: {
    legacyOnly: 'Tool "{tool}" names its widget only with openai/outputTemplate; MCP Apps hosts read _meta.ui.resourceUri and will not render it.',
  },
  docs: {
    description: "A widget tool sets the standard `_meta.ui.resourceUri`, not only the `openai/outputTemplate` alias.",
    why: "OpenAI now calls `openai/outputTemplate` a compatibility alias and recommends the MCP Apps keys; other MCP Apps hosts read only `_meta.ui.resourceUri` (sources: https://developers.openai.com/apps-sdk/reference, https://developers.openai.com/apps-sdk/mcp-apps-in-chatgpt).",
    fix: "Add `_meta.ui.resourceUri` with the same `ui://` URI; keep the alias equal to it.",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { "openai/outputTemplate": "ui://widget/map-v1.html" } }] },
      pass: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" }, "openai/outputTemplate": "ui://widget/map-v1.html" } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (tool.meta?.["openai/outputTemplate"] !== undefined && tool.ui?.resourceUri === undefined) {
          context.report({ messageId: "legacyOnly", pointer: pointer("_meta", "openai/outputTemplate") });
        }
      },
    };
  },
});
