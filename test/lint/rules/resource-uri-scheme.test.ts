import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/resource-uri-scheme.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [
    { snapshot: { tools: [{ name: "a", _meta: { ui: { resourceUri: "https://example.com/w.html" } } }] }, errors: [{ messageId: "notUi", pointer: "/_meta/ui/resourceUri" }] },
    {
      snapshot: { tools: [{ name: "a", _meta: { "openai/outputTemplate": "widget.html", "ui/resourceUri": 5 } }] },
      errors: [
        { messageId: "notUi", includes: "openai/outputTemplate" },
        { messageId: "notUi", includes: "ui/resourceUri" },
      ],
    },
  ],
});
