import { app, cleanTool, ruleTester, URI, widget, MIME, HTML, cleanMeta } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-annotations.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: { tools: [{ name: "a", annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true } }] } }],
  invalid: [
    { name: "none", snapshot: { tools: [{ name: "a" }] }, errors: [{ messageId: "missing", includes: "readOnlyHint, destructiveHint, openWorldHint" }] },
    {
      name: "null and a string are not booleans",
      snapshot: { tools: [{ name: "a", annotations: { readOnlyHint: null, destructiveHint: "false", openWorldHint: false } }] },
      errors: [{ messageId: "missing", includes: "readOnlyHint, destructiveHint explicitly", pointer: "/annotations" }],
    },
  ],
});
