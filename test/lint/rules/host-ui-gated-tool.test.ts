import { app, cleanTool, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/host-ui-gated-tool.js";

const gated = { tools: [cleanTool({ name: "a" }), cleanTool({ name: "b" })], server: { uiGatedTools: ["b"] } };

ruleTester(rule, {
  valid: [
    { name: "no --host", snapshot: gated },
    { name: "hosts that advertise MCP Apps see it", snapshot: { ...gated, hosts: ["chatgpt", "goose", "mcp-apps"] } },
    { name: "nothing gated", snapshot: { ...app(), hosts: ["claude"] } },
  ],
  invalid: [
    {
      snapshot: { ...gated, hosts: ["chatgpt", "claude", "vscode"] },
      errors: [
        { messageId: "hidden", subject: "tool:b", severity: "error", includes: "Claude does not" },
        { messageId: "hidden", subject: "tool:b", includes: "VS Code does not" },
      ],
    },
  ],
});
