import { app, ruleTester, widget } from "../rule-tester.js";
import rule from "../../../src/lint/rules/app-only-tool-unreachable.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: { ...widget(), tools: [{ name: "refresh", _meta: { ui: { visibility: ["app"] } } }] } }],
  invalid: [{ snapshot: { tools: [{ name: "refresh", _meta: { ui: { visibility: ["app"] } } }] }, errors: [{ messageId: "unreachable" }] }],
});
