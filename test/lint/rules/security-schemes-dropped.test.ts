import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/security-schemes-dropped.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "none at all is another rule", snapshot: { tools: [{ name: "a" }] } }],
  invalid: [{ snapshot: app({ securitySchemes: undefined }), errors: [{ messageId: "dropped", severity: "warn" }] }],
});
