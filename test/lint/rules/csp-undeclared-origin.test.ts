import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/csp-undeclared-origin.js";

const page = (body: string, csp: Record<string, unknown>, openai?: Record<string, unknown>) =>
  app({}, { text: `<!doctype html><html><body>${body}</body></html>`, _meta: { ui: { csp }, ...(openai ? { "openai/widgetCSP": openai } : {}) } });
ruleTester(rule, {
  valid: [
    { snapshot: app() },
    { name: "declared exactly", snapshot: page('<script src="https://cdn.example.com/a.js"></script>', { resourceDomains: ["https://cdn.example.com"] }) },
    { name: "a subdomain wildcard", snapshot: page('<img src="https://img.cdn.example.com/a.png">', { resourceDomains: ["https://*.example.com"] }) },
    { name: "fetch declared in connectDomains", snapshot: page('<script type="module">fetch("https://api.example.com/pizzas")</script>', { connectDomains: ["https://api.example.com"] }) },
    { name: "wss covered by https", snapshot: page('<script>new WebSocket("wss://live.example.com/s")</script>', { connectDomains: ["https://live.example.com"] }) },
    { name: "only openai/widgetCSP declares it", snapshot: page('<link rel="stylesheet" href="https://fonts.example.com/a.css">', {}, { resource_domains: ["https://fonts.example.com"] }) },
    {
      name: "a script's new URL(…) base and toDataURL() load nothing (the ext-apps servers' bundles)",
      snapshot: page('<script>const base = new URL("https://github.com/cfworker"); c.toDataURL("image/png"); x.createObjectURL(b)</script>', {}),
    },
    { name: "data: and relative URLs are not origins", snapshot: page('<img src="data:image/png;base64,AA"><a href="https://example.com">link</a>', {}) },
  ],
  invalid: [
    {
      snapshot: page('<script src="https://cdn.example.com/a.js"></script><script src="https://cdn.example.com/b.js"></script>', { resourceDomains: [] }),
      errors: [{ messageId: "undeclared", includes: "https://cdn.example.com in resourceDomains", pointer: "/contents/_meta/ui/csp/resourceDomains" }],
    },
    {
      name: "declared in the wrong list",
      snapshot: page('<script>fetch("https://api.example.com/x")</script>', { resourceDomains: ["https://api.example.com"] }),
      errors: [{ messageId: "undeclared", includes: "connectDomains" }],
    },
    {
      name: "css url() and EventSource",
      snapshot: page('<style>body{background:url("https://img.example.com/bg.png")}</style><script>new EventSource("https://events.example.com/s")</script>', {}),
      errors: [{ messageId: "undeclared", includes: "img.example.com" }, { messageId: "undeclared", includes: "events.example.com" }],
    },
  ],
});
