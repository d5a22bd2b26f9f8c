import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/widget-domain-format.js";

const domain = (value: string) => app({}, { _meta: cleanMeta({ "openai/widgetDomain": value }) });
ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "a trailing slash is still the origin", snapshot: domain("https://maps.acme.app/") },
    { name: "with a port", snapshot: domain("https://maps.acme.app:8443") },
    { name: "ui.domain is host-specific (Claude's has no scheme)", snapshot: app({}, { _meta: cleanMeta({ ui: { domain: "3f9a1c2b.claudemcpcontent.com", csp: { connectDomains: [], resourceDomains: [] } } }) }) },
  ],
  invalid: [
    {
      name: "a bare host (what config accepted before)",
      snapshot: domain("vanilla-y.acme.app"),
      errors: [{ messageId: "noScheme", severity: "warn", pointer: "/contents/_meta/openai~1widgetDomain", includes: 'write "https://vanilla-y.acme.app"' }],
    },
    { name: "a URL with a path", snapshot: domain("https://acme.app/widgets"), errors: [{ messageId: "notOrigin", includes: 'write "https://acme.app"' }] },
  ],
});
