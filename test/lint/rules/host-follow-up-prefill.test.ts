import { app, ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/host-follow-up-prefill.js";

const follow = { text: '<script>b.onclick = () => window.openai.sendFollowUpMessage({ prompt: "More like this" })</script>' };
const message = { text: '<script>b.onclick = () => app.sendMessage({ role: "user", content: [{ type: "text", text: "More" }] })</script>' };

ruleTester(rule, {
  valid: [
    { name: "no --host", snapshot: app({}, follow) },
    { name: "ChatGPT sends it", snapshot: { ...app({}, follow), hosts: ["chatgpt", "vscode"] } },
    {
      name: "the runtime's own forwarding is not a follow-up",
      snapshot: { ...app({}, { text: '<script>o.sendFollowUpMessage({prompt:i});c.sendMessage({role:"user",content:[{type:"text",text:i}]})</script>' }), hosts: ["claude"] },
    },
  ],
  invalid: [
    { name: "window.openai under Claude", snapshot: { ...app({}, follow), hosts: ["chatgpt", "claude"] }, errors: [{ messageId: "prefilled", severity: "warn", includes: "Claude only puts them in the composer" }] },
    { name: "ui/message through ext-apps' App", snapshot: { ...app({}, message), hosts: ["claude"] }, errors: [{ messageId: "prefilled" }] },
  ],
});
