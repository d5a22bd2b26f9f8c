import { cspLists } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "csp-frame-domains",
  severity: "warn",
  submission: "error",
  messages: {
    frames: "{uri} declares {list} ({count}); ChatGPT applies stricter review to widgets that embed frames, and often does not approve them for broad distribution.",
  },
  docs: {
    description: "Widgets avoid `frameDomains` unless embedding is their core purpose.",
    why: 'ChatGPT: frame domains "trigger stricter app review" and are "often not approved for broad distribution" (sources: https://developers.openai.com/apps-sdk/reference, https://developers.openai.com/apps-sdk/app-submission-guidelines).',
    fix: "Remove `frameDomains` / `frame_domains`; link out with `ui/open-link` instead of embedding.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { frameDomains: ["https://maps.example.com"] } } } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { resourceDomains: ["https://tiles.example.com"] } } } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { list, entries, pointer } of cspLists(resource)) {
          if ((list === "frameDomains" || list === "frame_domains") && entries.length > 0) {
            context.report({ messageId: "frames", data: { list, count: entries.length }, pointer });
          }
        }
      },
    };
  },
});
