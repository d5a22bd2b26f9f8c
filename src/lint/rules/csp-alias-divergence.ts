import { stringsOf } from "../json.js";
import { cspOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const PAIRS = [
  ["connectDomains", "connect_domains"],
  ["resourceDomains", "resource_domains"],
  ["frameDomains", "frame_domains"],
] as const;

export default defineRule({
  id: "csp-alias-divergence",
  severity: "warn",
  messages: {
    differ: "{uri}: openai/widgetCSP.{snake} and _meta.ui.csp.{camel} list different origins; ChatGPT and other hosts will enforce different policies.",
  },
  docs: {
    description: "`openai/widgetCSP` and `_meta.ui.csp` list the same origins.",
    why: "They are two spellings of one policy; hosts read one or the other, so a difference means the widget works in one host and is blocked in another (source: https://developers.openai.com/apps-sdk/reference).",
    fix: "Generate one from the other (chatgpt-app writes both from `widgets.csp` in the config).",
    examples: {
      fail: {
        reads: {
          "ui://widget/map-v1.html": {
            contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: ["https://api.example.com"] } }, "openai/widgetCSP": { connect_domains: [] } } }],
          },
        },
      },
      pass: {
        reads: {
          "ui://widget/map-v1.html": {
            contents: [
              {
                uri: "ui://widget/map-v1.html",
                _meta: { ui: { csp: { connectDomains: ["https://api.example.com"] } }, "openai/widgetCSP": { connect_domains: ["https://api.example.com"] } },
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
        if (!resource.isUi) return;
        const csp = cspOf(resource);
        if (!csp.ui || !csp.openai) return;
        for (const [camel, snake] of PAIRS) {
          const a = new Set(stringsOf(csp.ui.value[camel]) ?? []);
          const b = new Set(stringsOf(csp.openai.value[snake]) ?? []);
          if (a.size !== b.size || [...a].some((x) => !b.has(x))) {
            context.report({ messageId: "differ", data: { camel, snake }, pointer: `${csp.openai.pointer}/${snake}` });
          }
        }
      },
    };
  },
});
