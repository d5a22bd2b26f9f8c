import { show } from "../json.js";
import { templateKeys } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "resource-uri-scheme",
  severity: "error",
  messages: {
    notUi: '{key} of tool "{tool}" is {value}; hosts fetch widget templates with resources/read and only from ui:// URIs.',
  },
  docs: {
    description: "Widget template URIs (`_meta.ui.resourceUri`, `openai/outputTemplate`) use the `ui://` scheme.",
    why: 'The MCP Apps spec: the URI "MUST start with `ui://`"; you cannot point a tool at an `https://` page (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).',
    fix: "Register the HTML as a resource at a `ui://` URI and point the tool at it.",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "https://example.com/map.html" } } }] },
      pass: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        for (const { key, value, pointer } of templateKeys(tool)) {
          if (typeof value !== "string" || !value.startsWith("ui://")) {
            context.report({ messageId: "notUi", data: { key, value: show(value) }, pointer });
          }
        }
      },
    };
  },
});
