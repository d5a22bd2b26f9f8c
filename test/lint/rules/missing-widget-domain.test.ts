import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-widget-domain.js";

const { "openai/widgetDomain": _, ...noDomain } = cleanMeta();
ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "ui.domain counts too", snapshot: app({}, { _meta: { ...noDomain, ui: { domain: "x.claudemcpcontent.com" } } }, { _meta: noDomain }) }],
  invalid: [{ snapshot: app({}, { _meta: noDomain }, { _meta: noDomain }), errors: [{ messageId: "missing", severity: "warn" }] }],
});
