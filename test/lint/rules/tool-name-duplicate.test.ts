import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/tool-name-duplicate.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: { tools: [{ name: "a" }, { name: "A" }] } }],
  invalid: [
    {
      snapshot: { tools: [{ name: "a" }, { name: "b" }, { name: "a" }, { name: "a" }, { name: "b" }] },
      errors: [
        { messageId: "duplicate", subject: "tool:a", includes: "3 tools" },
        { messageId: "duplicate", subject: "tool:b", includes: "2 tools" },
      ],
    },
  ],
});
