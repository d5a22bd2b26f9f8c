import { app, ruleTester, URI } from "../rule-tester.js";
import rule from "../../../src/lint/rules/output-template-mismatch.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "only one of them", snapshot: { tools: [{ name: "a", _meta: { ui: { resourceUri: URI } } }] } }],
  invalid: [
    {
      snapshot: { tools: [{ name: "a", _meta: { ui: { resourceUri: URI }, "openai/outputTemplate": `${URI}/` } }] },
      errors: [{ messageId: "mismatch", pointer: "/_meta/openai~1outputTemplate", includes: URI }],
    },
  ],
});
