import { app, cleanTool, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/ui-capability-gating.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "another tool is gated", snapshot: { ...app(), server: { uiGatedTools: ["other"] } } }],
  invalid: [
    {
      snapshot: { tools: [cleanTool({ name: "a" }), cleanTool({ name: "b" })], server: { uiGatedTools: ["b"] } },
      errors: [{ messageId: "gated", subject: "tool:b", severity: "warn" }],
    },
  ],
});
