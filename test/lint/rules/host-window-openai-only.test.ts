import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/host-window-openai-only.js";

const legacy = { text: "<script>document.body.textContent = window.openai.toolOutput.title;</script>" };

ruleTester(rule, {
  valid: [
    { name: "no --host", snapshot: app({}, legacy) },
    { name: "ChatGPT has window.openai", snapshot: { ...app({}, legacy), hosts: ["chatgpt"] } },
    { name: "the runtime speaks MCP Apps too", snapshot: { ...app({}, { text: "<script>if (window.openai) {} else post('ui/initialize')</script>" }), hosts: ["claude", "vscode"] } },
  ],
  invalid: [
    {
      name: "broken under every host without window.openai, one finding each",
      snapshot: { ...app({}, legacy), hosts: ["chatgpt", "claude", "vscode"] },
      errors: [
        { messageId: "openaiOnly", severity: "error", includes: "Claude has no window.openai" },
        { messageId: "openaiOnly", severity: "error", includes: "VS Code has no window.openai" },
      ],
    },
  ],
});
