import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/widget-relative-asset.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "absolute and data URLs", snapshot: app({}, { text: '<!doctype html><img src="data:image/png;base64,AA"><img src="https://cdn.example.com/a.png">' }) }],
  invalid: [
    {
      snapshot: app({}, { text: '<!doctype html><link rel="stylesheet" href="/assets/main.css"><script type="module" src="./main-abc123.js"></script>' }),
      errors: [{ messageId: "relative", includes: "./main-abc123.js" }, { messageId: "relative", includes: "/assets/main.css" }],
    },
  ],
});
