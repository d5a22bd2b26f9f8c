import { app, cleanTool, ruleTester, URI, widget } from "../rule-tester.js";
import rule from "../../../src/lint/rules/resource-uri-unresolved.js";

ruleTester(rule, {
  valid: [{ snapshot: app() }, { name: "no widget", snapshot: { tools: [{ name: "a" }] } }],
  invalid: [
    {
      name: "the server's error is quoted",
      snapshot: { tools: [cleanTool()], reads: { [URI]: { error: "MCP error -32002: Resource not found" } } },
      errors: [{ messageId: "unresolved", includes: "Resource not found", pointer: "/_meta/ui/resourceUri" }],
    },
    {
      name: "a trailing slash finds the near miss",
      snapshot: { ...widget(), tools: [cleanTool({ _meta: { ui: { resourceUri: `${URI}/`, visibility: ["model"] } } })] },
      errors: [{ messageId: "unresolved", includes: `did you mean ${URI}?` }],
    },
    { name: "nothing read at all", snapshot: { tools: [cleanTool()] }, errors: [{ messageId: "unresolved", includes: "trailing slash and case" }] },
  ],
});
