import { pointer } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "deprecated-flat-resource-uri",
  severity: "warn",
  messages: {
    flatOnly: 'Tool "{tool}" uses only the deprecated flat key _meta["ui/resourceUri"]; it will be removed before GA. Use _meta.ui.resourceUri.',
  },
  docs: {
    description: 'Tools use `_meta.ui.resourceUri`, not only the deprecated flat `_meta["ui/resourceUri"]`.',
    why: 'The MCP Apps spec marks the flat form deprecated: "will be removed before GA" (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).',
    fix: "Write `_meta: { ui: { resourceUri } }` (ext-apps' `registerAppTool` mirrors the flat key for you).",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { "ui/resourceUri": "ui://widget/map-v1.html" } }] },
      pass: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" }, "ui/resourceUri": "ui://widget/map-v1.html" } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (tool.meta?.["ui/resourceUri"] !== undefined && tool.ui?.resourceUri === undefined) {
          context.report({ messageId: "flatOnly", pointer: pointer("_meta", "ui/resourceUri") });
        }
      },
    };
  },
});
