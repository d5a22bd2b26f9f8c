import { rendersWidget, templateKeys } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-widget-accessible",
  severity: "error",
  messages: {
    missing:
      'Tool "{tool}" renders a widget but sets neither openai/widgetAccessible nor _meta.ui.visibility, so whether its widget may call this tool is left to each host\'s default: MCP Apps hosts allow it (["model","app"]), ChatGPT\'s window.openai.callTool refuses it (widgetAccessible defaults to false). The widget still renders either way. Fix: set _meta.ui.visibility: ["model","app"] and openai/widgetAccessible: true (or ["model"] and false if the widget never calls it).',
  },
  docs: {
    description: "A tool that renders a widget says explicitly whether that widget may call it.",
    why:
      "`openai/widgetAccessible` and `_meta.ui.visibility` do not decide whether the widget renders; they decide whether the widget may call the tool (`tools/call` from the widget, or `window.openai.callTool`). The two defaults disagree (MCP Apps: callable; ChatGPT's legacy key: not callable), so a widget that calls its tool works in one host and fails silently in another (sources: https://developers.openai.com/apps-sdk/reference, https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).",
    fix: 'Set both explicitly and keep them consistent: `_meta.ui.visibility: ["model", "app"]` with `"openai/widgetAccessible": true`. In chatgpt-app, `visibility` on `registerTool` writes both.',
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }] },
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
        context.report({ messageId: "missing", pointer: templateKeys(tool)[0]?.pointer ?? "/_meta" });
      },
    };
  },
});
