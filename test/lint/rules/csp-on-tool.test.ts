import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-on-tool.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [
    {
      snapshot: { tools: [{ name: "a", _meta: { ui: { csp: { connectDomains: [] }, permissions: { camera: {} } }, "openai/widgetCSP": {} } }] },
      errors: [
        { messageId: "onTool", pointer: "/_meta/ui/csp" },
        { messageId: "onTool", pointer: "/_meta/ui/permissions" },
        { messageId: "onTool", pointer: "/_meta/openai~1widgetCSP" },
      ],
    },
  ],
});
