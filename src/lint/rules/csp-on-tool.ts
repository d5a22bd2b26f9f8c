import { pointer } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "csp-on-tool",
  severity: "error",
  messages: {
    onTool: 'Tool "{tool}" carries {key}; hosts ignore CSP and permissions on a tool, so the widget gets the default (no network, no external assets).',
  },
  docs: {
    description: "CSP and permissions are declared on the UI resource, never on the tool.",
    why: 'The MCP Apps types declare `csp?: never` on tools: it "belongs on the UI resource … hosts ignore it here". A CSP placed on the tool silently leaves the widget with the restrictive default (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/src/spec.types.ts, https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md).',
    fix: "Move it to the resource contents' `_meta.ui.csp` (in chatgpt-app: `widgets.csp` or `widgets.overrides.<name>.csp` in the config).",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html", csp: { connectDomains: ["https://api.example.com"] } } } }] },
      pass: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        for (const key of ["csp", "permissions"]) {
          if (tool.ui?.[key] !== undefined) context.report({ messageId: "onTool", data: { key: `_meta.ui.${key}` }, pointer: pointer("_meta", "ui", key) });
        }
        if (tool.meta?.["openai/widgetCSP"] !== undefined) {
          context.report({ messageId: "onTool", data: { key: "openai/widgetCSP" }, pointer: pointer("_meta", "openai/widgetCSP") });
        }
      },
    };
  },
});
