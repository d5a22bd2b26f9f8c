import { show } from "../json.js";
import { MCP_APP_MIME, SKYBRIDGE_MIME } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const ACCEPTED = new Set([MCP_APP_MIME, SKYBRIDGE_MIME]);

export default defineRule({
  id: "resource-mime-type",
  severity: "error",
  messages: {
    wrong: "The {where} of {uri} has mimeType {mimeType}; hosts render only text/html;profile=mcp-app (or the legacy text/html+skybridge), so the widget will not show.",
    missing: "The resources/read contents item of {uri} has no mimeType; hosts do not recognise it as a widget.",
  },
  docs: {
    description: "UI resources have `mimeType: \"text/html;profile=mcp-app\"` on both the list entry and the contents item.",
    why: 'The MCP Apps spec: the resource "MUST be `text/html;profile=mcp-app`"; plain `text/html` is not recognised as an App, and a contents item without `mimeType` is a known cause of "no widget" (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx, https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/troubleshooting.md).',
    fix: 'Set `mimeType: "text/html;profile=mcp-app"` (`RESOURCE_MIME_TYPE`) on the resource and on every contents item it returns.',
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html", text: "<!doctype html><html></html>" }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html;profile=mcp-app", text: "<!doctype html><html></html>" }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        const listed = resource.listEntry?.mimeType;
        if (listed !== undefined && !ACCEPTED.has(listed as string)) {
          context.report({ messageId: "wrong", data: { where: "resources/list entry", mimeType: show(listed) }, pointer: "/list/mimeType" });
        }
        if (!resource.contents) return;
        const read = resource.contents.mimeType;
        if (read === undefined) context.report({ messageId: "missing", pointer: "/contents/mimeType" });
        else if (!ACCEPTED.has(read as string)) {
          context.report({ messageId: "wrong", data: { where: "resources/read contents item", mimeType: show(read) }, pointer: "/contents/mimeType" });
        }
      },
    };
  },
});
