import { app, ruleTester, URI } from "../rule-tester.js";
import rule from "../../../src/lint/rules/deprecated-flat-resource-uri.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "both forms", snapshot: { tools: [{ name: "a", _meta: { ui: { resourceUri: URI }, "ui/resourceUri": URI } }] } }],
  invalid: [{ snapshot: { tools: [{ name: "a", _meta: { "ui/resourceUri": URI } }] }, errors: [{ messageId: "flatOnly" }] }],
});
