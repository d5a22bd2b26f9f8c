import { pointer } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "visibility-alias-conflict",
  severity: "error",
  messages: {
    privateButModel: 'Tool "{tool}" has openai/visibility: "private" (hidden from the model) but _meta.ui.visibility {visibility} includes "model".',
    publicButNoModel: 'Tool "{tool}" has openai/visibility: "public" but _meta.ui.visibility {visibility} hides it from the model.',
    notAccessibleButApp:
      'Tool "{tool}" has openai/widgetAccessible: false (the widget may not call it in ChatGPT) but _meta.ui.visibility {visibility} includes "app" (the widget may call it in MCP Apps hosts).',
    accessibleButNoApp: 'Tool "{tool}" has openai/widgetAccessible: true but _meta.ui.visibility {visibility} lacks "app", so MCP Apps hosts refuse the widget\'s calls.',
  },
  docs: {
    description: "The `openai/*` visibility aliases agree with `_meta.ui.visibility`.",
    why: 'The aliases have different defaults (`widgetAccessible` false, `ui.visibility` `["model","app"]`); when they disagree, a widget\'s `callTool` works in one host and fails in another (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/migrate_from_openai_apps.md).',
    fix: "Set `_meta.ui.visibility` explicitly and derive the aliases from it: `app` ↔ `widgetAccessible: true`, no `model` ↔ `openai/visibility: \"private\"`.",
    examples: {
      fail: { tools: [{ name: "refresh", _meta: { "openai/widgetAccessible": false, ui: { visibility: ["model", "app"] } } }] },
      pass: { tools: [{ name: "refresh", _meta: { "openai/widgetAccessible": true, ui: { visibility: ["model", "app"] } } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const explicit = tool.ui?.visibility;
        if (explicit !== undefined && !Array.isArray(explicit)) return; // visibility-invalid says so
        const visibility = (explicit as unknown[] | undefined) ?? ["model", "app"];
        const shown = JSON.stringify(explicit ?? ["model", "app"]) + (explicit === undefined ? " (the default)" : "");
        const openaiVisibility = tool.meta?.["openai/visibility"];
        const accessible = tool.meta?.["openai/widgetAccessible"];
        const data = { visibility: shown };
        if (openaiVisibility === "private" && visibility.includes("model")) {
          context.report({ messageId: "privateButModel", data, pointer: pointer("_meta", "openai/visibility") });
        }
        if (openaiVisibility === "public" && !visibility.includes("model")) {
          context.report({ messageId: "publicButNoModel", data, pointer: pointer("_meta", "openai/visibility") });
        }
        if (accessible === false && visibility.includes("app")) {
          context.report({ messageId: "notAccessibleButApp", data, pointer: pointer("_meta", "openai/widgetAccessible") });
        }
        if (accessible === true && !visibility.includes("app")) {
          context.report({ messageId: "accessibleButNoApp", data, pointer: pointer("_meta", "openai/widgetAccessible") });
        }
      },
    };
  },
});
