import { objectAt } from "../json.js";
import { resourceMetaSources } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-widget-domain",
  severity: "warn",
  submission: "error",
  messages: {
    missing: "{uri} has no widget domain (neither openai/widgetDomain nor _meta.ui.domain); ChatGPT requires a dedicated one for submission.",
  },
  docs: {
    description: "UI resources name a dedicated widget domain before submission.",
    why: "ChatGPT requires `ui.domain` (or its alias `openai/widgetDomain`) for submission, unique per app; widgets render under `<domain-slug>.web-sandbox.oaiusercontent.com` (sources: https://developers.openai.com/apps-sdk/reference, https://developers.openai.com/apps-sdk/build/mcp-server).",
    fix: 'Set `widgets.domain: "https://myapp.example.com"` in chatgpt-app.config (written as `openai/widgetDomain`), or `_meta["openai/widgetDomain"]` on the contents.',
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: {} }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { "openai/widgetDomain": "https://maps.example.com" } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || (!resource.contents && !resource.listEntry)) return;
        const found = resourceMetaSources(resource).some(
          ({ meta }) => typeof meta["openai/widgetDomain"] === "string" || typeof objectAt(meta, "ui")?.domain === "string",
        );
        if (!found) context.report({ messageId: "missing", pointer: "/contents/_meta/openai~1widgetDomain" });
      },
    };
  },
});
