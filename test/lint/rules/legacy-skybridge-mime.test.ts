import { app, ruleTester, URI } from "../rule-tester.js";
import rule from "../../../src/lint/rules/legacy-skybridge-mime.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [
    { snapshot: app({}, { mimeType: "text/html+skybridge" }), errors: [{ messageId: "skybridge", pointer: "/contents/mimeType", severity: "warn" }] },
    { snapshot: { resources: [{ uri: URI, name: "m", mimeType: "text/html+skybridge" }] }, errors: [{ messageId: "skybridge", pointer: "/list/mimeType" }] },
  ],
});
