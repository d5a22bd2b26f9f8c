import { cspEntries, hostOfEntry, isLocalHostname, isPlaceholderHostname, widgetDomainsOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "placeholder-domain",
  // A template's `https://<name>.example.com` is right while you build; what review must not get.
  severity: "off",
  submission: "error",
  messages: {
    domain:
      "{uri} sets {key} to {value}, a reserved placeholder name (example.*, .example, .test, .invalid, localhost) that is no one's app; review needs your app's own origin (with chatgpt-app: widgets.domain in the config, or WIDGET_DOMAIN in the templates).",
    csp: "{uri} declares {entry} in {list}, a reserved placeholder name (example.*, .example, .test, .invalid) that serves nothing; the widget can load nothing from it.",
  },
  docs: {
    description: "Under `--preset submission`: no widget domain or CSP entry is a reserved placeholder name (`example.com`, `.test`, …).",
    why: "Names like `example.com`, `*.example`, `*.test`, `*.invalid` and `localhost` are reserved for documentation and tests (RFC 2606, RFC 6761): a widget domain or CSP origin there is a placeholder left from a template or a guide. The templates set `widgets.domain` to `https://<name>.example.com` so a new project lints clean; submission needs the real one.",
    fix: "Set `widgets.domain` in chatgpt-app.config (the templates read `WIDGET_DOMAIN` from the environment) to your app's own origin, and list the real origins in `widgets.csp`.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { "openai/widgetDomain": "https://pizza.example.com" } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { "openai/widgetDomain": "https://pizza.acme.app" } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { key, value, pointer } of widgetDomainsOf(resource)) {
          if (isPlaceholderHostname(hostOfEntry(value))) context.report({ messageId: "domain", data: { key, value }, pointer });
        }
        for (const { list, entry, pointer } of cspEntries(resource)) {
          if (typeof entry !== "string") continue;
          const host = hostOfEntry(entry);
          // localhost in a CSP is localhost-in-widget's finding: one mistake, one finding.
          if (isPlaceholderHostname(host) && !isLocalHostname(host)) context.report({ messageId: "csp", data: { entry, list }, pointer });
        }
      },
    };
  },
});
