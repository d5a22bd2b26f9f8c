import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-output-schema.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "no widget", snapshot: { tools: [{ name: "a" }] } }],
  invalid: [{ snapshot: app({ outputSchema: undefined }), errors: [{ messageId: "missing", severity: "warn" }] }],
});
