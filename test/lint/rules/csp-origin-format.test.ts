import { app, cleanMeta, cleanTool, HTML, MIME, ruleTester, URI, widget } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-origin-format.js";

const csp = (connectDomains: unknown[]) => app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains } } }) });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: csp(["https://api.example.com", "https://api.example.com/", "wss://live.example.com:8443", "https://*.example.com"]) }],
  invalid: [
    { snapshot: csp(["https://api.example.com/v1"]), errors: [{ messageId: "notOrigin", includes: "Use https://api.example.com", severity: "error" }] },
    { snapshot: csp(["https://api.example.com?x=1"]), errors: [{ messageId: "notOrigin" }] },
    { snapshot: csp([42]), errors: [{ messageId: "notString", pointer: "/contents/_meta/ui/csp/connectDomains/0" }] },
    { snapshot: csp(["api.example.com"]), errors: [{ messageId: "noScheme", severity: "warn" }] },
  ],
});
