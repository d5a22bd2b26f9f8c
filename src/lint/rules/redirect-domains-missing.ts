import { cspAllows, declaredOrigins, originOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const OPEN_EXTERNAL = /openExternal\(\s*\{\s*href\s*:\s*["'`]((?:https?:)?\/\/[^"'`\s]{1,2048})/g;

export default defineRule({
  id: "redirect-domains-missing",
  severity: "info",
  messages: {
    missing: "{uri} opens {origin} with openExternal, but openai/widgetCSP.redirect_domains does not list it, so ChatGPT shows its safe-link modal first.",
  },
  docs: {
    description: "Origins a widget opens with `openExternal` are listed in `openai/widgetCSP.redirect_domains`.",
    why: "`redirect_domains` is the one live field of `openai/widgetCSP`: listed destinations skip ChatGPT's safe-link modal (sources: https://developers.openai.com/apps-sdk/reference, https://developers.openai.com/apps-sdk/build/chatgpt-ui).",
    fix: 'Add the origin: `openai/widgetCSP: { …, redirect_domains: ["https://shop.example.com"] }` (chatgpt-app: `widgets.csp.redirectDomains`).',
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<script>openai.openExternal({ href: "https://shop.example.com/p/1" })</script>' }] } } },
      pass: {
        reads: {
          "ui://widget/map-v1.html": {
            contents: [
              {
                uri: "ui://widget/map-v1.html",
                text: '<script>openai.openExternal({ href: "https://shop.example.com/p/1" })</script>',
                _meta: { "openai/widgetCSP": { connect_domains: [], resource_domains: [], redirect_domains: ["https://shop.example.com"] } },
              },
            ],
          },
        },
      },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined) return;
        const declared = declaredOrigins(resource, "redirect");
        const reported = new Set<string>();
        OPEN_EXTERNAL.lastIndex = 0;
        let match: RegExpExecArray | null;
        while ((match = OPEN_EXTERNAL.exec(resource.html)) !== null && reported.size < 100) {
          const url = originOf(match[1]!);
          if (!url || reported.has(url.origin) || declared.some((entry) => cspAllows(entry, url))) continue;
          reported.add(url.origin);
          context.report({ messageId: "missing", data: { origin: url.origin }, pointer: "/contents/_meta/openai~1widgetCSP/redirect_domains" });
        }
      },
    };
  },
});
