import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-origin-format.js";

const csp = (connectDomains: unknown[]) => app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains } } }) });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: csp(["https://api.example.com", "https://api.example.com/", "wss://live.example.com:8443", "https://*.example.com"]) }],
  invalid: [
    { snapshot: csp(["https://api.example.com/v1"]), errors: [{ messageId: "notOrigin", includes: "Use https://api.example.com", severity: "error" }] },
    { snapshot: csp(["https://api.example.com?x=1"]), errors: [{ messageId: "notOrigin" }] },
    { snapshot: csp([42]), errors: [{ messageId: "notString", pointer: "/contents/_meta/ui/csp/connectDomains/0" }] },
    { snapshot: csp(["api.example.com"]), errors: [{ messageId: "noScheme", severity: "warn" }] },
    {
      name: "one value mirrored into ui.csp and openai/widgetCSP (as chatgpt-app writes config) is one finding, at ui.csp",
      snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains: ["https://api.example.com/v1"], resourceDomains: [] } }, "openai/widgetCSP": { connect_domains: ["https://api.example.com/v1"], resource_domains: [] } }) }),
      errors: [{ messageId: "notOrigin", pointer: "/contents/_meta/ui/csp/connectDomains/0" }],
    },
    {
      name: "the two spellings differ: each is its own finding",
      snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains: ["https://api.example.com/v1"], resourceDomains: [] } }, "openai/widgetCSP": { connect_domains: ["https://api.example.com/v2"], resource_domains: [] } }) }),
      errors: [
        { messageId: "notOrigin", pointer: "/contents/_meta/ui/csp/connectDomains/0" },
        { messageId: "notOrigin", pointer: "/contents/_meta/openai~1widgetCSP/connect_domains/0" },
      ],
    },
  ],
});
