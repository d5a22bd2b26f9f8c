import { scanHtml } from "../html-scan.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "widget-relative-asset",
  severity: "error",
  messages: {
    relative:
      "{uri} loads {url} by a relative path; the widget runs on ChatGPT's sandbox origin, where nothing of yours is served, so it gets a 404 and breaks. The HTML is not self-contained.",
  },
  docs: {
    description: "Widget HTML is self-contained: no scripts, styles or images loaded by relative path.",
    why: "Relative URLs resolve against the sandbox origin (`*.web-sandbox.oaiusercontent.com`), not your server; a template that points at `/assets/main-abc123.js` is a blank widget, and after a deploy a cached template points at deleted files (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md, https://developers.openai.com/apps-sdk/build/mcp-server).",
    fix: "Inline the assets (chatgpt-app bundles each widget into one HTML document), or use absolute URLs on an origin declared in `resourceDomains`.",
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<!doctype html><script type="module" src="/assets/main-abc123.js"></script>' }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", text: '<!doctype html><script type="module">/* inlined */</script>' }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined) return;
        for (const ref of scanHtml(resource.html)) {
          if (ref.kind === "fetch" || ref.kind === "websocket" || ref.kind === "eventsource" || ref.kind === "css") continue;
          if (/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(ref.url)) continue;
          context.report({ messageId: "relative", data: { url: ref.url.slice(0, 200) }, pointer: "/contents/text" });
        }
      },
    };
  },
});
