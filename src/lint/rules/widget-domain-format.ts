import { widgetDomainsOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "widget-domain-format",
  severity: "warn",
  submission: "error",
  messages: {
    noScheme: '{uri} sets openai/widgetDomain to "{value}" without a scheme; ChatGPT reads it as an origin: write "https://{value}".',
    notOrigin: '{uri} sets openai/widgetDomain to "{value}", which is not an origin (scheme and host only): write "{origin}".',
  },
  docs: {
    description: "`openai/widgetDomain` (ChatGPT's widget domain) is an origin: `https://` and a host, nothing more.",
    why: "ChatGPT reads the widget domain as an origin (`https://myapp.example.com`) and derives the widget's sandbox from it; a bare host or a URL with a path is not one. `_meta.ui.domain` is different: each host defines its format (Claude's is a bare `<hash>.claudemcpcontent.com`), so it is not checked here.",
    fix: 'Write the origin: `widgets.domain: "https://myapp.example.com"` in chatgpt-app.config (config refuses a bare host), or `_meta["openai/widgetDomain"]` on the contents.',
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { "openai/widgetDomain": "maps.acme.app" } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { "openai/widgetDomain": "https://maps.acme.app" } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { key, value, pointer } of widgetDomainsOf(resource)) {
          if (key !== "openai/widgetDomain") continue;
          if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
            context.report({ messageId: "noScheme", data: { value }, pointer });
            continue;
          }
          let origin: string | undefined;
          try {
            origin = new URL(value).origin;
          } catch {
            origin = undefined;
          }
          if (origin === undefined || origin === "null" || value.replace(/\/$/, "") !== origin) {
            context.report({ messageId: "notOrigin", data: { value, origin: origin && origin !== "null" ? origin : "https://<host>" }, pointer });
          }
        }
      },
    };
  },
});
