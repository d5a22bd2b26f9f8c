import { show } from "../json.js";
import { cspEntries } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "csp-origin-format",
  severity: "error",
  warnOnly: ["noScheme"],
  messages: {
    notOrigin: "{list} entry {entry} of {uri} is not an origin (it has a path, query or fragment); hosts ignore or mangle it. Use {origin}.",
    notString: "{list} entry {entry} of {uri} is not a string.",
    noScheme: "{list} entry {entry} of {uri} has no scheme; write https://{entry} so every host reads it the same way.",
  },
  docs: {
    description: "CSP entries are origins like `https://api.example.com`: scheme and host, no path.",
    why: "CSP domain lists hold origins; a path, query or fragment makes the entry invalid in some hosts and silently blocks the asset (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).",
    fix: "Keep only the origin: `https://api.example.com/v1/` → `https://api.example.com`.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: ["https://api.example.com/v1/"] } } } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: ["https://api.example.com"] } } } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { list, entry, pointer } of cspEntries(resource)) {
          if (typeof entry !== "string") {
            context.report({ messageId: "notString", data: { list, entry: show(entry, 40) }, pointer });
            continue;
          }
          const match = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)(.*)$/i.exec(entry.trim());
          if (!match) continue;
          const [, scheme, host, rest] = match;
          if (rest && rest !== "/") {
            context.report({ messageId: "notOrigin", data: { list, entry: show(entry), origin: `${scheme ?? "https://"}${host}` }, pointer });
          } else if (!scheme && host && !/^[a-z]+:$/i.test(host) && host !== "*" && host !== "'self'") {
            context.report({ messageId: "noScheme", data: { list, entry: host }, pointer });
          }
        }
      },
    };
  },
});
