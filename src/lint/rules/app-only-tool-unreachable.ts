import { defineRule } from "../types.js";

export default defineRule({
  id: "app-only-tool-unreachable",
  severity: "warn",
  messages: {
    unreachable: 'Tool "{tool}" is visible only to widgets (_meta.ui.visibility ["app"]), but this server has no UI resources, so nothing can ever call it.',
  },
  docs: {
    description: 'A tool visible only to widgets (`visibility: ["app"]`) belongs to a server that has widgets.',
    why: "App-only tools are hidden from the model and callable only from a widget of the same server (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).",
    fix: 'Add the widget that calls it, or make it visible to the model (`["model"]`).',
    examples: {
      fail: { tools: [{ name: "refresh", _meta: { ui: { visibility: ["app"] } } }] },
      pass: {
        tools: [{ name: "refresh", _meta: { ui: { visibility: ["app"] } } }],
        resources: [{ uri: "ui://widget/map-v1.html", name: "map", mimeType: "text/html;profile=mcp-app" }],
      },
    },
  },
  create(context) {
    const hasUi = context.model.resources.some((r) => r.isUi && (r.listEntry !== undefined || r.contents !== undefined));
    if (hasUi) return {};
    return {
      tool(tool) {
        const visibility = tool.ui?.visibility;
        if (Array.isArray(visibility) && visibility.length > 0 && !visibility.includes("model") && visibility.includes("app")) {
          context.report({ messageId: "unreachable", pointer: "/_meta/ui/visibility" });
        }
      },
    };
  },
});
