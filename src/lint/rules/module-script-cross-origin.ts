import { scanHtml } from "../html-scan.js";
import { originOf } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "module-script-cross-origin",
  severity: "warn",
  messages: {
    crossOrigin:
      "{uri} loads the module script {url} from another origin; module scripts need CORS, so unless {origin} sends Access-Control-Allow-Origin for *.web-sandbox.oaiusercontent.com the widget stays blank.",
  },
  docs: {
    description: "Module scripts from another origin are served with CORS headers for the widget sandbox, or inlined.",
    why: "The widget's origin is `*.web-sandbox.oaiusercontent.com`; `<script type=\"module\" src>` from any other origin is a CORS request, and a missing `Access-Control-Allow-Origin` gives a blank widget (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md).",
    fix: "Inline the bundle (chatgpt-app does), or make the asset host send `Access-Control-Allow-Origin` for the sandbox origin.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<script type="module" src="https://cdn.example.com/map.js"></script>' }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<script type="module">console.log("inlined")</script>' }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined) return;
        for (const ref of scanHtml(resource.html)) {
          if (ref.kind !== "module-script") continue;
          const url = originOf(ref.url);
          if (url) context.report({ messageId: "crossOrigin", data: { url: ref.url.slice(0, 200), origin: url.origin }, pointer: "/contents/text" });
        }
      },
    };
  },
});
