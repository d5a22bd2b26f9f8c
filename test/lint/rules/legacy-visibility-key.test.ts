import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/legacy-visibility-key.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [{ snapshot: { tools: [{ name: "a", _meta: { "openai/visibility": "public" } }] }, errors: [{ messageId: "legacy" }] }],
});
