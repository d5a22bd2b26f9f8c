import { cspOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "missing-csp",
  severity: "warn",
  submission: "error",
  messages: {
    missing: "{uri} declares no CSP (neither _meta.ui.csp nor openai/widgetCSP); ChatGPT requires one before broad distribution.",
  },
  docs: {
    description: "Every UI resource declares a CSP, even an empty one.",
    why: 'OpenAI: a CSP is "required before broad distribution"; without one the widget also gets the restrictive default (sources: https://developers.openai.com/apps-sdk/build/mcp-server, https://developers.openai.com/plugins/deploy/app-review).',
    fix: "Declare `_meta.ui.csp` on the resource contents: `{ connectDomains: [], resourceDomains: [] }` for a self-contained widget (chatgpt-app writes it for every widget).",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: {} }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: [], resourceDomains: [] } } } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || (!resource.contents && !resource.listEntry)) return;
        const csp = cspOf(resource);
        if (!csp.ui && !csp.openai) context.report({ messageId: "missing", pointer: "/contents/_meta/ui/csp" });
      },
    };
  },
});
