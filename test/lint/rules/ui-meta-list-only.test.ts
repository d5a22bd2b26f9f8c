import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/ui-meta-list-only.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [{ snapshot: app({}, { _meta: undefined }), errors: [{ messageId: "listOnly", severity: "info" }] }],
});
