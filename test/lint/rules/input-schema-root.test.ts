import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/input-schema-root.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [
    { snapshot: { tools: [{ name: "a" }] }, errors: [{ messageId: "missing" }] },
    { snapshot: { tools: [{ name: "a", inputSchema: { type: "array" } }] }, errors: [{ messageId: "notObject", includes: '"array"' }] },
    { snapshot: { tools: [{ name: "a", inputSchema: "object" }] }, errors: [{ messageId: "notObject" }] },
  ],
});
