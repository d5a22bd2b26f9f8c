import { app, ruleTester, URI, widget } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-widget-accessible.js";

const callsOpenAi = '<!doctype html><html><body><script>window.openai.callTool("refresh", {})</script></body></html>';
const callsBridge = '<!doctype html><html><body><script>await app.callServerTool({ name: "get-time", arguments: {} })</script></body></html>';
const bare = (meta: Record<string, unknown>, text: string) => ({ tools: [{ name: "t", _meta: meta }], ...widget({ text }) });

ruleTester(rule, {
  valid: [
    { name: "both set", snapshot: app({}, { text: callsOpenAi }) },
    { name: "only ui.visibility", snapshot: bare({ ui: { resourceUri: URI, visibility: ["model"] } }, callsOpenAi) },
    { name: "only widgetAccessible", snapshot: bare({ "openai/outputTemplate": URI, "openai/widgetAccessible": false }, callsOpenAi) },
    { name: "no widget: nothing to call", snapshot: { tools: [{ name: "t", _meta: {} }] } },
    {
      name: "a widget that calls tools through the MCP Apps bridge gets the MCP Apps default (the ext-apps servers)",
      snapshot: bare({ ui: { resourceUri: URI } }, callsBridge),
    },
    { name: "a widget whose HTML could not be read", snapshot: { tools: [{ name: "t", _meta: { ui: { resourceUri: URI } } }], reads: { [URI]: { error: "boom" } } } },
  ],
  invalid: [
    {
      name: "ui.resourceUri without either key, the widget calls window.openai.callTool",
      snapshot: bare({ ui: { resourceUri: URI } }, callsOpenAi),
      errors: [{ messageId: "missing", pointer: "/_meta/ui/resourceUri", severity: "error", includes: "ChatGPT refuses window.openai.callTool" }],
    },
    {
      name: "openai/outputTemplate without either key, minified runtime code; the message says it still renders",
      snapshot: bare({ "openai/outputTemplate": URI }, "<script>n.callTool(e,t)</script>"),
      errors: [{ messageId: "missing", pointer: "/_meta/openai~1outputTemplate", includes: "The widget still renders" }],
    },
  ],
});
