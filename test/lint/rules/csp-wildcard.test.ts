import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-wildcard.js";

const csp = (resourceDomains: unknown[]) => app({}, { _meta: cleanMeta({ ui: { csp: { resourceDomains } } }) });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: csp(["https://*.example.com", "https://cdn.example.com"]) }],
  invalid: [
    { snapshot: csp(["*"]), errors: [{ messageId: "wide" }] },
    { snapshot: csp(["https:", "https://*", "https://*.com"]), errors: [{ messageId: "wide" }, { messageId: "wide" }, { messageId: "wide" }] },
  ],
});
