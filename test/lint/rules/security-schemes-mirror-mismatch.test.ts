import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/security-schemes-mirror-mismatch.js";

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    {
      name: "same content, different key order",
      snapshot: { tools: [{ name: "a", securitySchemes: [{ type: "oauth2", scopes: ["x"] }], _meta: { securitySchemes: [{ scopes: ["x"], type: "oauth2" }] } }] },
    },
  ],
  invalid: [
    {
      snapshot: { tools: [{ name: "a", securitySchemes: [{ type: "noauth" }], _meta: { securitySchemes: [{ type: "noauth" }, { type: "oauth2" }] } }] },
      errors: [{ messageId: "mismatch" }],
    },
  ],
});
