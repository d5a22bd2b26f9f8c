import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/security-schemes-shape.js";

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { snapshot: { tools: [{ name: "a", securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: ["x"] }] }] } },
  ],
  invalid: [
    { snapshot: { tools: [{ name: "a", securitySchemes: { type: "noauth" } }] }, errors: [{ messageId: "notArray", pointer: "/securitySchemes" }] },
    {
      snapshot: { tools: [{ name: "a", securitySchemes: [{ type: "noauth" }, { type: "apiKey" }], _meta: { securitySchemes: [{ type: "oauth2", scopes: "x" }] } }] },
      errors: [
        { messageId: "badEntry", pointer: "/securitySchemes/1" },
        { messageId: "badEntry", pointer: "/_meta/securitySchemes/0" },
      ],
    },
  ],
});
