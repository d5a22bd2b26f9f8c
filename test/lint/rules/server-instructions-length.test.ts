import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/server-instructions-length.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: { server: { instructions: "x".repeat(512) } } }],
  invalid: [{ snapshot: { server: { instructions: "x".repeat(513) } }, errors: [{ messageId: "long", subject: "server", includes: "513" }] }],
});
