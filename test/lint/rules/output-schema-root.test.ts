import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/output-schema-root.js";

const arrayRoot = { tools: [{ name: "a", outputSchema: { type: "array", items: { type: "string" } } }] };

ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "no outputSchema at all", snapshot: { tools: [{ name: "a" }] } },
    { name: "an array root, judged for 2026-era clients", snapshot: arrayRoot, era: "2026" },
    { name: "a schema without a type, judged for 2026-era clients", snapshot: { tools: [{ name: "a", outputSchema: { $ref: "#/$defs/x", $defs: { x: {} } } }] }, era: "2026" },
  ],
  invalid: [
    { snapshot: { tools: [{ name: "a", outputSchema: { type: "string" } }] }, errors: [{ messageId: "notObject", pointer: "/outputSchema/type" }] },
    { snapshot: { tools: [{ name: "a", outputSchema: { properties: {} } }] }, errors: [{ messageId: "notObject" }] },
    { name: "an array root, judged as ChatGPT does today", snapshot: arrayRoot, errors: [{ messageId: "notObject", includes: "2025-era clients" }] },
    { name: "no schema at all, in either era", snapshot: { tools: [{ name: "a", outputSchema: "object" }] }, era: "2026", errors: [{ messageId: "notSchema", pointer: "/outputSchema" }] },
  ],
});
