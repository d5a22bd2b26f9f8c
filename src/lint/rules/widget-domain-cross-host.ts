import { CLAUDE_UI_DOMAIN, inUiDomainForm } from "../../preview/hosts/index.js";
import { objectAt, pointer } from "../json.js";
import { resourceMetaSources } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "widget-domain-cross-host",
  severity: "warn",
  messages: {
    hostSpecific: '{uri} sets _meta.ui.domain to "{domain}"; Claude accepts only its own *.claudemcpcontent.com form and refuses to render otherwise. Use openai/widgetDomain for ChatGPT.',
  },
  docs: {
    description: "`_meta.ui.domain` is left unset (or host-specific per client); ChatGPT's domain goes in `openai/widgetDomain`.",
    why: "`ui.domain` formats are host-specific: ChatGPT uses an origin, Claude accepts only `{hash}.claudemcpcontent.com` and refuses to render anything else (sources: https://developers.openai.com/apps-sdk/reference, https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md).",
    fix: 'Move the value to `_meta["openai/widgetDomain"]` (what chatgpt-app writes from `widgets.domain`).',
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { domain: "https://maps.example.com" } } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { "openai/widgetDomain": "https://maps.example.com" } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { meta, base } of resourceMetaSources(resource)) {
          const domain = objectAt(meta, "ui")?.domain;
          if (typeof domain === "string" && !inUiDomainForm(CLAUDE_UI_DOMAIN, domain.replace(/^https?:\/\//, "").replace(/\/$/, ""))) {
            // Under `--host claude` this is Claude's verdict too (no second finding: host-widget-domain leaves this case here).
            const host = context.hosts.find((h) => h.uiDomain);
            context.report({ messageId: "hostSpecific", data: { domain: domain.slice(0, 100) }, host, pointer: `${base}${pointer("ui", "domain")}` });
            return;
          }
        }
      },
    };
  },
});
