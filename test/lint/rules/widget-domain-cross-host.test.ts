import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/widget-domain-cross-host.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: app({}, { _meta: cleanMeta({ ui: { domain: "0123abcd.claudemcpcontent.com" } }) }) }],
  invalid: [{ snapshot: app({}, { _meta: cleanMeta({ ui: { domain: "https://maps.example.com" } }) }), errors: [{ messageId: "hostSpecific", pointer: "/contents/_meta/ui/domain" }] }],
});
