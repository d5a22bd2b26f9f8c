import { app, ruleTester, URI } from "../rule-tester.js";
import rule from "../../../src/lint/rules/legacy-output-template-only.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }],
  invalid: [{ snapshot: { tools: [{ name: "a", _meta: { "openai/outputTemplate": URI } }] }, errors: [{ messageId: "legacyOnly" }] }],
});
