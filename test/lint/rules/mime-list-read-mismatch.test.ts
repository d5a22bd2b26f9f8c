import { app, ruleTester, widget } from "../rule-tester.js";
import rule from "../../../src/lint/rules/mime-list-read-mismatch.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "no list entry", snapshot: { reads: widget().reads } }],
  invalid: [{ snapshot: app({}, { mimeType: "text/html+skybridge" }), errors: [{ messageId: "mismatch" }] }],
});
