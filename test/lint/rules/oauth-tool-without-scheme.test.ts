import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/oauth-tool-without-scheme.js";

ruleTester(rule, {
  valid: [
    { name: "no OAuth on the server", snapshot: app() },
    { snapshot: { server: { oauth: true }, tools: [{ name: "a", _meta: { securitySchemes: [{ type: "noauth" }, { type: "oauth2" }] } }] } },
  ],
  invalid: [
    { snapshot: { ...app(), server: { oauth: true } }, errors: [{ messageId: "noOauth" }] },
    { snapshot: { server: { oauth: true }, tools: [{ name: "a" }] }, errors: [{ messageId: "noOauth" }] },
  ],
});
