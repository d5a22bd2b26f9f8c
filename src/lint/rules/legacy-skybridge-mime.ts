import { SKYBRIDGE_MIME } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "legacy-skybridge-mime",
  severity: "warn",
  messages: {
    skybridge: "{uri} uses the legacy MIME type text/html+skybridge; ChatGPT gives it only window.openai, not the MCP Apps ui/* bridge, and other hosts do not render it.",
  },
  docs: {
    description: "UI resources use `text/html;profile=mcp-app`, not the legacy `text/html+skybridge`.",
    why: 'ChatGPT "only enables the MCP Apps bridge for `text/html;profile=mcp-app` resources"; skybridge still renders in ChatGPT through `window.openai` only (source: https://developers.openai.com/apps-sdk/build/mcp-server).',
    fix: 'Switch to `mimeType: "text/html;profile=mcp-app"`.',
    examples: {
      fail: { resources: [{ uri: "ui://widget/map-v1.html", name: "map", mimeType: "text/html+skybridge" }] },
      pass: { resources: [{ uri: "ui://widget/map-v1.html", name: "map", mimeType: "text/html;profile=mcp-app" }] },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        if (resource.contents?.mimeType === SKYBRIDGE_MIME) context.report({ messageId: "skybridge", pointer: "/contents/mimeType" });
        else if (resource.listEntry?.mimeType === SKYBRIDGE_MIME) context.report({ messageId: "skybridge", pointer: "/list/mimeType" });
      },
    };
  },
});
