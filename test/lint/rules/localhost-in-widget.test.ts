import { app, cleanMeta, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/localhost-in-widget.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: app({}, { text: '<!doctype html><script>fetch("https://api.example.com/localhost")</script>' }) }],
  invalid: [
    {
      snapshot: app({}, { text: '<!doctype html><script type="module" src="http://localhost:5173/@vite/client"></script><img src="http://192.168.1.20/a.png"><img src="http://localhost:5173/b.png">' }),
      errors: [{ messageId: "inHtml", includes: "localhost:5173" }, { messageId: "inHtml", includes: "192.168.1.20" }],
    },
    { snapshot: app({}, { _meta: cleanMeta({ ui: { csp: { connectDomains: ["http://127.0.0.1:8787"] } } }) }), errors: [{ messageId: "inCsp", pointer: "/contents/_meta/ui/csp/connectDomains/0" }] },
  ],
});
