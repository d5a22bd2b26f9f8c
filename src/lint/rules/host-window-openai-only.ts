import { usesOnlyWindowOpenai } from "../hosts.js";
import { defineRule } from "../types.js";

const LEGACY = "<script>const data = window.openai.toolOutput; document.body.textContent = data.title;</script>";
const BOTH = "<script>window.openai ? render(window.openai.toolOutput) : parent.postMessage({ method: 'ui/initialize' }, '*');</script>";

export default defineRule({
  id: "host-window-openai-only",
  severity: "error",
  messages: {
    openaiOnly: "{uri} reads its data from window.openai only; {host} has no window.openai and the widget has no MCP Apps bridge to fall back on: it renders without data there.",
  },
  docs: {
    description: "With `--host`: a widget written against `window.openai` alone is broken under hosts without it (every host but ChatGPT).",
    why: "`window.openai` is ChatGPT's own API; Claude, VS Code, Goose and other MCP Apps hosts give widgets the standard `ui/*` bridge only (sources: https://developers.openai.com/apps-sdk/reference, https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).",
    fix: "Read the data through the MCP Apps bridge: `chatgpt-app/widget` (or `chatgpt-app/react`) speaks both, as does ext-apps' `App`; keep `window.openai` only behind a feature check.",
    examples: {
      fail: { hosts: ["claude"], reads: { "ui://widget/card-v1.html": { contents: [{ uri: "ui://widget/card-v1.html", mimeType: "text/html;profile=mcp-app", text: LEGACY }] } } },
      pass: { hosts: ["claude"], reads: { "ui://widget/card-v1.html": { contents: [{ uri: "ui://widget/card-v1.html", mimeType: "text/html;profile=mcp-app", text: BOTH }] } } },
    },
  },
  create(context) {
    const hosts = context.hosts.filter((h) => !h.bridges.openai);
    if (hosts.length === 0) return {};
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined || !usesOnlyWindowOpenai(resource.html)) return;
        for (const host of hosts) context.report({ messageId: "openaiOnly", data: { host: host.label }, host, pointer: "/contents/text" });
      },
    };
  },
});
