import { sendsFollowUps } from "../hosts.js";
import { defineRule } from "../types.js";

const html = (call: string) => `<script>more.onclick = () => ${call};</script>`;

export default defineRule({
  id: "host-follow-up-prefill",
  severity: "warn",
  messages: {
    prefilled: "{uri} sends follow-up messages; {host} only puts them in the composer, and nothing happens until the user sends them.",
  },
  docs: {
    description: "With `--host`: a widget that sends follow-ups (`ui/message`, `sendFollowUpMessage`) is degraded under hosts that only prefill the composer (Claude).",
    why: "ChatGPT posts a follow-up as the user's next turn; Claude puts its text in the composer and waits for the user (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx, https://developers.openai.com/apps-sdk/reference).",
    fix: "Make the widget work without the follow-up's answer (say what it will ask), or update the model's context (`ui/update-model-context`) instead of sending a turn.",
    examples: {
      fail: { hosts: ["claude"], reads: { "ui://widget/card-v1.html": { contents: [{ uri: "ui://widget/card-v1.html", text: html('window.openai.sendFollowUpMessage({ prompt: "Tell me more" })') }] } } },
      pass: { hosts: ["claude"], reads: { "ui://widget/card-v1.html": { contents: [{ uri: "ui://widget/card-v1.html", text: html("app.updateModelContext({ content: [] })") }] } } },
    },
  },
  create(context) {
    const hosts = context.hosts.filter((h) => h.followUps === "prefill");
    if (hosts.length === 0) return {};
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined || !sendsFollowUps(resource.html)) return;
        for (const host of hosts) context.report({ messageId: "prefilled", data: { host: host.label }, host, pointer: "/contents/text" });
      },
    };
  },
});
