import { defineRule } from "../types.js";

export default defineRule({
  id: "html-not-document",
  severity: "warn",
  messages: {
    fragment: "{uri} is not a full HTML5 document (no <!doctype html> or <html>); MCP Apps hosts expect one.",
  },
  docs: {
    description: "Widget templates are complete HTML5 documents.",
    why: 'The MCP Apps spec: the content "MUST be valid HTML5 document"; hosts differ in how they treat a fragment (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).',
    fix: "Return `<!doctype html><html>…</html>` (chatgpt-app builds one for every widget).",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<div id="root"></div>' }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<!doctype html><html><body><div id="root"></div></body></html>' }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined) return;
        const head = resource.html.slice(0, 4096);
        if (!/<!doctype html/i.test(head) && !/<html[\s>]/i.test(head)) context.report({ messageId: "fragment", pointer: "/contents/text" });
      },
    };
  },
});
