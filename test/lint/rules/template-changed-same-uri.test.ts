import { htmlHash } from "../../../src/lint/rule-helpers.js";
import { app, HTML, ruleTester, URI } from "../rule-tester.js";
import rule from "../../../src/lint/rules/template-changed-same-uri.js";

ruleTester(rule, {
  valid: [
    { name: "no baseline given", snapshot: app() },
    { name: "same HTML at the same URI", snapshot: { ...app(), baseline: { [URI]: htmlHash(HTML) } } },
    { name: "new HTML at a new URI", snapshot: { ...app(), baseline: { "ui://widget/map-0123456789ab.html": htmlHash("<p>old</p>") } } },
  ],
  invalid: [{ snapshot: { ...app(), baseline: { [URI]: htmlHash("<p>old</p>") } }, errors: [{ messageId: "changed", subject: `resource:${URI}`, severity: "error" }] }],
});
