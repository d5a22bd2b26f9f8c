import { pointer, show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "output-template-mismatch",
  severity: "error",
  messages: {
    mismatch: 'Tool "{tool}" has openai/outputTemplate {template} but _meta.ui.resourceUri {resourceUri}; ChatGPT and other hosts will render different widgets, or none.',
  },
  docs: {
    description: "`openai/outputTemplate` equals `_meta.ui.resourceUri` when both are set.",
    why: "They are two spellings of the same URI; when they differ, one host renders one template and another host a different one, a common cause of \"structured content shows but no widget\" (sources: https://developers.openai.com/apps-sdk/reference, https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/troubleshooting.md).",
    fix: "Set both to the same `ui://` URI (chatgpt-app writes both from `widget:`).",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v2.html" }, "openai/outputTemplate": "ui://widget/map-v1.html" } }] },
      pass: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v2.html" }, "openai/outputTemplate": "ui://widget/map-v2.html" } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const template = tool.meta?.["openai/outputTemplate"];
        const resourceUri = tool.ui?.resourceUri;
        if (template === undefined || resourceUri === undefined || template === resourceUri) return;
        context.report({
          messageId: "mismatch",
          data: { template: show(template), resourceUri: show(resourceUri) },
          pointer: pointer("_meta", "openai/outputTemplate"),
        });
      },
    };
  },
});
