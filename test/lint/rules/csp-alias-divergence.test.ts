import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-alias-divergence.js";

const both = (connectDomains: string[], connect_domains: string[]) =>
  app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains, resourceDomains: [] } }, "openai/widgetCSP": { connect_domains, resource_domains: [] } }) });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: both(["https://a.example.com", "https://b.example.com"], ["https://b.example.com", "https://a.example.com"]) }],
  invalid: [{ snapshot: both(["https://a.example.com"], []), errors: [{ messageId: "differ", includes: "connect_domains" }] }],
});
