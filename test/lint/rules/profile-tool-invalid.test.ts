import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/profile-tool-invalid.js";

const profile = (overrides: Record<string, unknown>) => ({
  tools: [
    {
      name: "whoami",
      inputSchema: { type: "object", properties: {} },
      annotations: { readOnlyHint: true },
      outputSchema: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
      _meta: { "openai/profile": true },
      ...overrides,
    },
  ],
});
ruleTester(rule, {
  valid: [{ snapshot: app() }, { snapshot: profile({}) }],
  invalid: [
    { snapshot: profile({ _meta: { "openai/profile": "true" } }), errors: [{ messageId: "notTrue" }] },
    {
      snapshot: profile({ annotations: { readOnlyHint: false }, inputSchema: { type: "object", properties: { q: {} } }, outputSchema: { type: "object" } }),
      errors: [{ messageId: "notReadOnly" }, { messageId: "hasArguments" }, { messageId: "noId" }],
    },
  ],
});
