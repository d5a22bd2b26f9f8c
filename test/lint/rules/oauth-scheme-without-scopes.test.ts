import { ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/oauth-scheme-without-scopes.js";

ruleTester(rule, {
  valid: [
    { name: "noauth only", snapshot: { tools: [{ name: "a", securitySchemes: [{ type: "noauth" }] }] } },
    { name: "oauth2 with scopes", snapshot: { tools: [{ name: "a", _meta: { securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: ["x"] }] } }] } },
  ],
  invalid: [
    { snapshot: { tools: [{ name: "a", securitySchemes: [{ type: "oauth2" }] }] }, errors: [{ messageId: "noScopes", pointer: "/securitySchemes/0" }] },
    { name: "empty scopes, only in _meta", snapshot: { tools: [{ name: "a", _meta: { securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: [] }] } }] }, errors: [{ messageId: "noScopes", pointer: "/_meta/securitySchemes/1" }] },
  ],
});
