import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/placeholder-domain.js";

const domain = (value: string) => app({}, { _meta: cleanMeta({ "openai/widgetDomain": value }) });
ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "a real-looking domain with example in a label", snapshot: domain("https://example-pizza.app") },
    { name: "Claude's ui.domain form", snapshot: app({}, { _meta: cleanMeta({ ui: { domain: "3f9a1c2b.claudemcpcontent.com", csp: { connectDomains: [], resourceDomains: [] } } }) }) },
    { name: "localhost in a CSP is localhost-in-widget's finding", snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains: ["http://localhost:8787"], resourceDomains: [] } } }) }) },
  ],
  invalid: [
    {
      name: "the templates' https://<name>.example.com, an error under submission",
      snapshot: domain("https://vanilla-y.example.com"),
      errors: [{ messageId: "domain", severity: "error", pointer: "/contents/_meta/openai~1widgetDomain", includes: "openai/widgetDomain to https://vanilla-y.example.com, a reserved placeholder" }],
    },
    { name: ".test", snapshot: domain("https://shop.test"), errors: [{ messageId: "domain" }] },
    { name: ".invalid, without a scheme", snapshot: domain("widgets.invalid"), errors: [{ messageId: "domain" }] },
    { name: ".example", snapshot: domain("https://pizza.example"), errors: [{ messageId: "domain" }] },
    { name: "localhost", snapshot: domain("http://localhost:8787"), errors: [{ messageId: "domain" }] },
    { name: "example.org itself", snapshot: domain("https://example.org"), errors: [{ messageId: "domain" }] },
    {
      name: "a CSP origin mirrored into both spellings is one finding",
      snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains: ["https://api.example.com"], resourceDomains: [] } }, "openai/widgetCSP": { connect_domains: ["https://api.example.com"], resource_domains: [] } }) }),
      errors: [{ messageId: "csp", pointer: "/contents/_meta/ui/csp/connectDomains/0", includes: "https://api.example.com in connectDomains" }],
    },
  ],
});
