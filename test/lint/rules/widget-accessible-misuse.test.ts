import { app, ruleTester, URI, MIME, HTML } from "../rule-tester.js";
import rule from "../../../src/lint/rules/widget-accessible-misuse.js";

const legacy = (html: string) => ({
  tools: [{ name: "show_map", _meta: { "openai/outputTemplate": URI, "openai/widgetAccessible": true } }],
  reads: { [URI]: { contents: [{ uri: URI, mimeType: MIME, text: html }] } },
});
ruleTester(rule, {
  valid: [
    { name: "explicit ui.visibility: the key is its alias", snapshot: app() },
    { name: "the widget calls the tool", snapshot: legacy('<script>window.openai.callTool("show_map", {})</script>') },
    { name: "no HTML to look at", snapshot: { tools: [{ name: "show_map", _meta: { "openai/outputTemplate": URI, "openai/widgetAccessible": true } }] } },
  ],
  invalid: [{ snapshot: legacy(HTML), errors: [{ messageId: "notCalled", severity: "info", includes: "does not make a widget render" }] }],
});
