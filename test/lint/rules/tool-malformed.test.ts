import { app, cleanTool, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/tool-malformed.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: { tools: [] } }],
  invalid: [
    {
      snapshot: { tools: [cleanTool(), null, 42, "show_map", [1]] },
      errors: [
        { messageId: "notObject", subject: "tool:#1" },
        { messageId: "notObject", subject: "tool:#2" },
        { messageId: "notObject", subject: "tool:#3" },
        { messageId: "notObject", subject: "tool:#4" },
      ],
    },
  ],
});
