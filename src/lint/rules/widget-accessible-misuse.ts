import { pointer } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "widget-accessible-misuse",
  severity: "info",
  messages: {
    notCalled:
      'Tool "{tool}" sets openai/widgetAccessible: true, but its widget never mentions "{tool}". widgetAccessible does not make a widget render; it only lets the widget call this tool. Prefer _meta.ui.visibility.',
  },
  docs: {
    description: "`openai/widgetAccessible: true` is set because the widget calls the tool, not to make it render.",
    why: "The belief that `widgetAccessible` is required for rendering is folklore from older examples; it only allows widget→tool calls, and every tool it is set on becomes callable from widgets (source: https://developers.openai.com/apps-sdk/reference).",
    fix: 'Remove it where the widget never calls the tool, and set `_meta.ui.visibility: ["model"]`.',
    examples: {
      fail: {
        tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" }, "openai/widgetAccessible": true } }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: "<!doctype html><html><body>map</body></html>" }] } },
      },
      pass: {
        tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" }, "openai/widgetAccessible": true } }],
        reads: {
          "ui://widget/map-v1.html": {
            contents: [{ uri: "ui://widget/map-v1.html", text: '<!doctype html><html><script>app.callServerTool({ name: "show_map" })</script></html>' }],
          },
        },
      },
    },
  },
  create(context) {
    const htmls = () => context.model.resources.filter((r) => r.isUi && r.html !== undefined).map((r) => r.html!);
    return {
      tool(tool) {
        // With an explicit ui.visibility, widgetAccessible is just its derived alias.
        if (tool.meta?.["openai/widgetAccessible"] !== true || tool.templateUri === undefined || tool.ui?.visibility !== undefined) return;
        const own = context.model.resourceByUri.get(tool.templateUri)?.html;
        if (own === undefined) return; // nothing to look at
        if (htmls().some((html) => html.includes(tool.name))) return;
        context.report({ messageId: "notCalled", pointer: pointer("_meta", "openai/widgetAccessible") });
      },
    };
  },
});
