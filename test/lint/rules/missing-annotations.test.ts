import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-annotations.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: { tools: [{ name: "a", annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true } }] } }],
  invalid: [
    {
      name: "none: every hint and every default is named",
      snapshot: { tools: [{ name: "a" }] },
      errors: [{ messageId: "missing", includes: "readOnlyHint, destructiveHint, openWorldHint explicitly (true or false); ChatGPT review treats missing hints as a submission blocker, and clients assume the worst (read-only false, destructive true, open-world true)." }],
    },
    {
      name: "readOnlyHint: true is set: the message names only the two missing hints and their defaults, not read-only false",
      snapshot: { tools: [{ name: "a", annotations: { readOnlyHint: true } }] },
      errors: [{ messageId: "missing", includes: "does not set destructiveHint, openWorldHint explicitly (true or false); ChatGPT review treats missing hints as a submission blocker, and clients assume the worst (destructive true, open-world true)." }],
    },
    {
      name: "null and a string are not booleans",
      snapshot: { tools: [{ name: "a", annotations: { readOnlyHint: null, destructiveHint: "false", openWorldHint: false } }] },
      errors: [{ messageId: "missing", includes: "readOnlyHint, destructiveHint explicitly", pointer: "/annotations" }],
    },
  ],
});
