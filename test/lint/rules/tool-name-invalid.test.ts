import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/tool-name-invalid.js";

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { snapshot: { tools: [{ name: "pizza.order-v2_list" }, { name: "a".repeat(64) }] } },
  ],
  invalid: [
    { name: "no name", snapshot: { tools: [{ title: "x" }] }, errors: [{ messageId: "missing", subject: "tool:#0", pointer: "/name" }] },
    { name: "not a string", snapshot: { tools: [{ name: 7 }] }, errors: [{ messageId: "missing" }] },
    { name: "spaces", snapshot: { tools: [{ name: "show map" }] }, errors: [{ messageId: "invalid", severity: "error" }] },
    { name: "129 chars", snapshot: { tools: [{ name: "a".repeat(129) }] }, errors: [{ messageId: "invalid" }] },
    { name: "65 chars is only a warning", snapshot: { tools: [{ name: "a".repeat(65) }] }, errors: [{ messageId: "tooLongForClaude", severity: "warn" }] },
    { name: "leading dash", snapshot: { tools: [{ name: "-show" }] }, errors: [{ messageId: "edge", severity: "warn" }] },
    { name: "trailing dot", snapshot: { tools: [{ name: "show." }] }, errors: [{ messageId: "edge" }] },
  ],
});
