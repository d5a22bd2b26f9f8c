import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/redirect-domains-missing.js";

const page = '<!doctype html><script>window.openai.openExternal({ href: "https://shop.example.com/p/1" })</script>';
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: app({}, { text: page, _meta: cleanMeta({ "openai/widgetCSP": { connect_domains: [], resource_domains: [], redirect_domains: ["https://shop.example.com"] } }) }) }],
  invalid: [{ snapshot: app({}, { text: page }), errors: [{ messageId: "missing", includes: "https://shop.example.com" }] }],
});
