import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-csp.js";

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "openai/widgetCSP alone", snapshot: app({}, { _meta: { "openai/widgetCSP": { connect_domains: [] } } }, { _meta: {} }) },
    { name: "on the list entry only", snapshot: app({}, { _meta: {} }) },
  ],
  invalid: [{ snapshot: app({}, { _meta: {} }, { _meta: {} }), errors: [{ messageId: "missing", severity: "warn" }] }],
});
