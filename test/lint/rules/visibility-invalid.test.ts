import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/visibility-invalid.js";

const vis = (visibility: unknown) => ({ tools: [{ name: "a", _meta: { ui: { visibility } } }] });
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: vis(["app"]) }, { snapshot: vis(["model"]) }],
  invalid: [
    { snapshot: vis([]), errors: [{ messageId: "invalid" }] },
    { snapshot: vis("model"), errors: [{ messageId: "invalid" }] },
    { snapshot: vis(["model", "widget"]), errors: [{ messageId: "invalid", includes: "widget" }] },
  ],
});
