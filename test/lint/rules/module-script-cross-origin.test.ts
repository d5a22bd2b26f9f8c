import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/module-script-cross-origin.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "a classic script", snapshot: app({}, { text: '<script src="https://cdn.example.com/a.js"></script>' }) }],
  invalid: [{ snapshot: app({}, { text: "<script type='module' src='https://cdn.example.com/a.js'></script>" }), errors: [{ messageId: "crossOrigin", includes: "https://cdn.example.com" }] }],
});
