import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-description.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [
    { snapshot: { tools: [{ name: "a" }] }, errors: [{ messageId: "missing", pointer: "/description" }] },
    { snapshot: { tools: [{ name: "a", description: "   " }] }, errors: [{ messageId: "missing" }] },
    { snapshot: { tools: [{ name: "a", description: ["no"] }] }, errors: [{ messageId: "missing" }] },
  ],
});
