import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-title.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "annotations.title", snapshot: { tools: [{ name: "a", annotations: { title: "A" } }] } }],
  invalid: [
    { snapshot: { tools: [{ name: "a" }] }, errors: [{ messageId: "missing", severity: "warn" }] },
    { snapshot: { tools: [{ name: "a", title: "" }] }, errors: [{ messageId: "missing" }] },
  ],
});
