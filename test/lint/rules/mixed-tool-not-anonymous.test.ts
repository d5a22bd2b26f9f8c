import { ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/mixed-tool-not-anonymous.js";

const mixed = { name: "greet", securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: ["profile"] }] };

ruleTester(rule, {
  valid: [
    { name: "a mixed tool on an app that serves anonymous calls", snapshot: { tools: [mixed] } },
    { name: "an oauth2-only tool on an app that needs tokens", snapshot: { server: { authRequired: true }, tools: [{ name: "a", securitySchemes: [{ type: "oauth2", scopes: ["x"] }] }] } },
  ],
  invalid: [{ snapshot: { server: { authRequired: true }, tools: [mixed] }, errors: [{ messageId: "required", subject: "tool:greet" }] }],
});
