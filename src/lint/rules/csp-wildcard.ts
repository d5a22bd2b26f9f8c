import { cspEntries } from "../rule-helpers.js";
import { defineRule } from "../types.js";

/** `*`, a bare scheme, `https://*`, or a wildcard directly under a top-level domain (`*.com`). */
const TOO_WIDE = /^(\*|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*:\/\/)?\*(\.[a-z0-9-]+)?)\/?$/i;

export default defineRule({
  id: "csp-wildcard",
  severity: "warn",
  submission: "error",
  messages: {
    wide: "{list} entry \"{entry}\" of {uri} allows far more than the widget needs; review flags weak CSPs.",
  },
  docs: {
    description: "CSP entries name exact origins, not `*`, `https:` or `https://*.com`.",
    why: "A wildcard CSP lets the widget load or send data anywhere; OpenAI's review flags weak CSPs (source: https://developers.openai.com/apps-sdk/app-submission-guidelines).",
    fix: "List the exact origins, e.g. `https://api.example.com`; `https://*.example.com` is fine for your own subdomains.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: ["https://*"] } } } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: ["https://*.example.com"] } } } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { list, entry, pointer } of cspEntries(resource)) {
          if (typeof entry === "string" && TOO_WIDE.test(entry.trim())) context.report({ messageId: "wide", data: { list, entry }, pointer });
        }
      },
    };
  },
});
