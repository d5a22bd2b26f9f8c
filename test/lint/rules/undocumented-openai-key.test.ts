import { app, ruleTester, URI, widget, cleanMeta } from "../rule-tester.js";
import rule from "../../../src/lint/rules/undocumented-openai-key.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "a CSP on the tool is csp-on-tool's", snapshot: { tools: [{ name: "a", _meta: { "openai/widgetCSP": {} } }] } }],
  invalid: [
    { snapshot: { tools: [{ name: "a", _meta: { "openai/requiresApproval": true } }] }, errors: [{ messageId: "unknown", includes: "approval is driven by" }] },
    { name: "a resource key on the tool", snapshot: { tools: [{ name: "a", _meta: { "openai/widgetDescription": "x" } }] }, errors: [{ messageId: "unknown" }] },
    { name: "a tool key on the resource", snapshot: widget({ _meta: cleanMeta({ "openai/outputTemplate": URI }) }), errors: [{ messageId: "unknown", pointer: "/contents/_meta/openai~1outputTemplate" }] },
  ],
});
