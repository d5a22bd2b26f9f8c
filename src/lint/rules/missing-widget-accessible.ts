import { rendersWidget, templateKeys, usesOpenAiCallTool } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-widget-accessible",
  severity: "error",
  messages: {
    missing:
      'Tool "{tool}" renders a widget whose code calls window.openai.callTool, but the tool sets neither openai/widgetAccessible nor _meta.ui.visibility: ChatGPT refuses window.openai.callTool for it (widgetAccessible defaults to false), while MCP Apps hosts allow it (["model","app"]). The widget still renders either way. Fix: set _meta.ui.visibility: ["model","app"] and openai/widgetAccessible: true (or ["model"] and false if the widget never calls it).',
  },
  docs: {
    description: "A tool whose widget calls `window.openai.callTool` says explicitly whether that widget may call it.",
    why:
      "`openai/widgetAccessible` and `_meta.ui.visibility` do not decide whether the widget renders; they decide whether the widget may call the tool (`tools/call` from the widget, or `window.openai.callTool`). The two defaults disagree (MCP Apps: callable; ChatGPT's legacy key: not callable), so a widget that calls its tool through `window.openai.callTool` works in one host and fails silently in ChatGPT (sources: https://developers.openai.com/apps-sdk/reference, https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx). A widget that calls tools through the MCP Apps bridge (`tools/call`, ext-apps' `callServerTool`) gets the MCP Apps default, which allows it, so lint says nothing there.",
    fix: 'Set both explicitly and keep them consistent: `_meta.ui.visibility: ["model", "app"]` with `"openai/widgetAccessible": true`. In chatgpt-app, `visibility` on `registerTool` writes both.',
    examples: {
      fail: {
        tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: "<script>window.openai.callTool('show_map', {})</script>" }] } },
      },
      pass: {
        tools: [
          {
            name: "show_map",
            _meta: { ui: { resourceUri: "ui://widget/map-v1.html", visibility: ["model", "app"] }, "openai/widgetAccessible": true },
          },
        ],
      },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (!rendersWidget(tool)) return;
        if (tool.meta?.["openai/widgetAccessible"] !== undefined || tool.ui?.visibility !== undefined) return;
        const html = context.model.resourceByUri.get(tool.templateUri!)?.html;
        if (html === undefined || !usesOpenAiCallTool(html)) return;
        context.report({ messageId: "missing", pointer: templateKeys(tool)[0]?.pointer ?? "/_meta" });
      },
    };
  },
});
