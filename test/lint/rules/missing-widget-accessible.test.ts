import { app, cleanTool, ruleTester, URI, widget, MIME, HTML, cleanMeta } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-widget-accessible.js";

ruleTester(rule, {
  valid: [
    { name: "both set", snapshot: app() },
    { name: "only ui.visibility", snapshot: { tools: [{ name: "t", _meta: { ui: { resourceUri: URI, visibility: ["model"] } } }] } },
    { name: "only widgetAccessible", snapshot: { tools: [{ name: "t", _meta: { "openai/outputTemplate": URI, "openai/widgetAccessible": false } }] } },
    { name: "no widget: nothing to call", snapshot: { tools: [{ name: "t", _meta: {} }] } },
  ],
  invalid: [
    {
      name: "ui.resourceUri without either key",
      snapshot: { tools: [{ name: "t", _meta: { ui: { resourceUri: URI } } }] },
      errors: [{ messageId: "missing", pointer: "/_meta/ui/resourceUri", severity: "error", includes: "whether its widget may call this tool" }],
    },
    {
      name: "openai/outputTemplate without either key; the message says it still renders",
      snapshot: { tools: [{ name: "t", _meta: { "openai/outputTemplate": URI } }] },
      errors: [{ messageId: "missing", pointer: "/_meta/openai~1outputTemplate", includes: "The widget still renders" }],
    },
  ],
});
