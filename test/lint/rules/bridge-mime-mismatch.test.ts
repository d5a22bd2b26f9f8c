import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/bridge-mime-mismatch.js";

const bridge = '<!doctype html><script>window.parent.postMessage({ jsonrpc: "2.0", method: "ui/initialize" }, "*")</script>';
ruleTester(rule, {
  valid: [
    { snapshot: app({}, { text: bridge }) },
    { name: "skybridge with window.openai only", snapshot: app({}, { mimeType: "text/html+skybridge", text: "<script>window.openai.toolOutput</script>" }) },
  ],
  invalid: [{ snapshot: app({}, { mimeType: "text/html+skybridge", text: bridge }), errors: [{ messageId: "mismatch", includes: "ui/initialize" }] }],
});
