import { isObject, objectAt, pointer } from "../json.js";
import { CSP_LISTS, resourceMetaSources } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "csp-case-mixup",
  severity: "error",
  messages: {
    snakeInUi: "{uri} has {key} under _meta.ui.csp, which uses camelCase ({expected}); hosts ignore the snake_case key, so those origins are blocked.",
    camelInOpenai: "{uri} has {key} under openai/widgetCSP, which uses snake_case ({expected}); ChatGPT ignores the camelCase key.",
  },
  docs: {
    description: "`_meta.ui.csp` uses camelCase keys and `openai/widgetCSP` uses snake_case keys.",
    why: "The two CSP spellings differ only in case; a key in the wrong case is ignored and its origins are blocked (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/migrate_from_openai_apps.md, https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md).",
    fix: "`_meta.ui.csp: { connectDomains, resourceDomains, frameDomains }`; `openai/widgetCSP: { connect_domains, resource_domains, frame_domains, redirect_domains }`.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connect_domains: ["https://api.example.com"] } } } }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", _meta: { ui: { csp: { connectDomains: ["https://api.example.com"] } } } }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi) return;
        for (const { meta, base } of resourceMetaSources(resource)) {
          const ui = objectAt(objectAt(meta, "ui"), "csp");
          const openai = meta["openai/widgetCSP"];
          for (const names of CSP_LISTS) {
            if (ui && Object.hasOwn(ui, names.snake)) {
              context.report({ messageId: "snakeInUi", data: { key: names.snake, expected: names.camel }, pointer: `${base}${pointer("ui", "csp", names.snake)}` });
            }
            if (isObject(openai) && Object.hasOwn(openai, names.camel)) {
              context.report({ messageId: "camelInOpenai", data: { key: names.camel, expected: names.snake }, pointer: `${base}${pointer("openai/widgetCSP", names.camel)}` });
            }
          }
          if (ui && Object.hasOwn(ui, "redirect_domains")) {
            context.report({ messageId: "snakeInUi", data: { key: "redirect_domains", expected: "openai/widgetCSP.redirect_domains" }, pointer: `${base}${pointer("ui", "csp", "redirect_domains")}` });
          }
        }
      },
    };
  },
});
