import { objectAt } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "ui-meta-list-only",
  severity: "info",
  messages: {
    listOnly: "{uri} has _meta.ui only on its resources/list entry; older hosts read it from the resources/read contents item, where it also takes precedence.",
  },
  docs: {
    description: "`_meta.ui` (CSP, domain, border) is on the `resources/read` contents item, not only on the list entry.",
    why: 'MCP Apps: the "content-item value takes precedence"; hosts that read only contents see no CSP at all (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/draft/apps.mdx).',
    fix: "Return `_meta.ui` on the contents item too (chatgpt-app writes both).",
    examples: {
      fail: {
        resources: [{ uri: "ui://widget/map-v1.html", name: "map", _meta: { ui: { csp: { connectDomains: [] } } } }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: "" }] } },
      },
      pass: {
        resources: [{ uri: "ui://widget/map-v1.html", name: "map", _meta: { ui: { csp: { connectDomains: [] } } } }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: "", _meta: { ui: { csp: { connectDomains: [] } } } }] } },
      },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || !resource.contents) return;
        const listed = objectAt(objectAt(resource.listEntry, "_meta"), "ui");
        const read = objectAt(objectAt(resource.contents, "_meta"), "ui");
        if (listed && !read) context.report({ messageId: "listOnly", pointer: "/contents/_meta/ui" });
      },
    };
  },
});
