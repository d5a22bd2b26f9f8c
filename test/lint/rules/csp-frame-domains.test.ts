import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-frame-domains.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "empty list", snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { frameDomains: [] } } }) }) }],
  invalid: [
    { snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { frameDomains: ["https://maps.example.com"] } } }) }), errors: [{ messageId: "frames", includes: "frameDomains" }] },
    { snapshot: app({}, { _meta: cleanMeta({ "openai/widgetCSP": { frame_domains: ["https://a.example.com"] } }) }), errors: [{ messageId: "frames", includes: "frame_domains" }] },
  ],
});
