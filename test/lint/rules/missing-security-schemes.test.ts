import { app, cleanTool, ruleTester, URI } from "../rule-tester.js";
import rule from "../../../src/lint/rules/missing-security-schemes.js";

ruleTester(rule, {
  valid: [
    { name: "top level and _meta", snapshot: app() },
    { name: "only _meta (another rule asks for the top level)", snapshot: app({ securitySchemes: undefined }) },
    { name: "only top level", snapshot: { tools: [cleanTool({ _meta: { ui: { resourceUri: URI, visibility: ["model"] } } })] } },
  ],
  invalid: [
    {
      name: "neither place, on a server without OAuth: it inherits no auth, a warning and not an error",
      snapshot: { tools: [cleanTool({ securitySchemes: undefined, _meta: {} })] },
      errors: [{ messageId: "inherits", subject: "tool:show_map", pointer: "", severity: "warn", includes: "inherits the server's default auth" }],
    },
    {
      name: "neither place, on a server that advertises OAuth: account linking is lost",
      snapshot: { server: { oauth: true }, tools: [cleanTool({ securitySchemes: undefined, _meta: {} })] },
      errors: [{ messageId: "missing", subject: "tool:show_map", pointer: "", severity: "error", includes: "falls back to the server's default auth" }],
    },
    {
      name: "the message gives the one-line fix",
      snapshot: { server: { oauth: true }, tools: [{ name: "a" }, { name: "b", securitySchemes: [{ type: "noauth" }] }] },
      errors: [{ messageId: "missing", subject: "tool:a", includes: 'securitySchemes: [{ "type": "noauth" }]' }],
    },
  ],
});
