import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-case-mixup.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [
    { snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { connect_domains: ["https://a.example.com"] } } }) }), errors: [{ messageId: "snakeInUi", pointer: "/contents/_meta/ui/csp/connect_domains" }] },
    { snapshot: app({}, { _meta: cleanMeta({ "openai/widgetCSP": { resourceDomains: [] } }) }), errors: [{ messageId: "camelInOpenai" }] },
  ],
});
