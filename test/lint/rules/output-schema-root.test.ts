import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/output-schema-root.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "no outputSchema at all", snapshot: { tools: [{ name: "a" }] } }],
  invalid: [
    { snapshot: { tools: [{ name: "a", outputSchema: { type: "string" } }] }, errors: [{ messageId: "notObject", pointer: "/outputSchema/type" }] },
    { snapshot: { tools: [{ name: "a", outputSchema: { properties: {} } }] }, errors: [{ messageId: "notObject" }] },
  ],
});
