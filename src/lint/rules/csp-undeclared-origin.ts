import { cspListFor, scanHtml } from "../html-scan.js";
import { cspAllows, declaredOrigins, originOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const LIST_NAMES = { connect: "connectDomains", resource: "resourceDomains", frame: "frameDomains" } as const;

export default defineRule({
  id: "csp-undeclared-origin",
  severity: "error",
  messages: {
    undeclared: "{uri} loads {url} ({kind}) but its CSP does not declare {origin} in {list}; the browser blocks it and the widget breaks silently.",
  },
  docs: {
    description: "Every origin the widget HTML loads from or connects to is declared in its CSP.",
    why: 'Missing origins "fail silently": the browser refuses the script, style or fetch and the widget stays blank (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md).',
    fix: "Add the origin to `_meta.ui.csp.resourceDomains` (scripts, styles, images, fonts) or `connectDomains` (fetch, WebSocket) on the resource contents, or inline the asset (chatgpt-app inlines widget bundles).",
    examples: {
      fail: {
        reads: {
          "ui://widget/map-v1.html": {
            contents: [{ uri: "ui://widget/map-v1.html", text: '<script src="https://cdn.example.com/map.js"></script>', _meta: { ui: { csp: { resourceDomains: [] } } } }],
          },
        },
      },
      pass: {
        reads: {
          "ui://widget/map-v1.html": {
            contents: [
              {
                uri: "ui://widget/map-v1.html",
                text: '<script src="https://cdn.example.com/map.js"></script>',
                _meta: { ui: { csp: { resourceDomains: ["https://cdn.example.com"] } } },
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
        const declared = {
          connect: declaredOrigins(resource, "connect"),
          resource: declaredOrigins(resource, "resource"),
          frame: declaredOrigins(resource, "frame"),
        };
        const reported = new Set<string>();
        for (const ref of scanHtml(resource.html)) {
          const url = originOf(ref.url);
          if (!url) continue;
          const list = cspListFor(ref.kind);
          if (declared[list].some((entry) => cspAllows(entry, url))) continue;
          const key = `${list} ${url.origin}`;
          if (reported.has(key)) continue;
          reported.add(key);
          context.report({
            messageId: "undeclared",
            data: { url: ref.url.slice(0, 200), kind: ref.kind, origin: url.origin, list: LIST_NAMES[list] },
            pointer: `/contents/_meta/ui/csp/${LIST_NAMES[list]}`,
          });
        }
      },
    };
  },
});
