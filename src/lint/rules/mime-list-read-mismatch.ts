import { show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "mime-list-read-mismatch",
  severity: "error",
  messages: {
    mismatch: "{uri} is listed as {listed} but read as {read}; hosts may go by either.",
  },
  docs: {
    description: "A UI resource has the same `mimeType` in `resources/list` and `resources/read`.",
    why: "Hosts may decide from the list entry or from the contents item; two values give two behaviours (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).",
    fix: "Use one MIME type in both places.",
    examples: {
      fail: {
        resources: [{ uri: "ui://widget/map-v1.html", name: "map", mimeType: "text/html;profile=mcp-app" }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html+skybridge", text: "" }] } },
      },
      pass: {
        resources: [{ uri: "ui://widget/map-v1.html", name: "map", mimeType: "text/html;profile=mcp-app" }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html;profile=mcp-app", text: "" }] } },
      },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        const listed = resource.listEntry?.mimeType;
        const read = resource.contents?.mimeType;
        if (listed === undefined || read === undefined || listed === read) return;
        context.report({ messageId: "mismatch", data: { listed: show(listed), read: show(read) }, pointer: "/contents/mimeType" });
      },
    };
  },
});
