import { SKYBRIDGE_MIME } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const BRIDGE_CODE = /ui\/initialize|ui\/notifications\/|@modelcontextprotocol\/ext-apps|\bcallServerTool\b/;

export default defineRule({
  id: "bridge-mime-mismatch",
  severity: "error",
  messages: {
    mismatch: "{uri} speaks the MCP Apps ui/* bridge ({found}) but is served as text/html+skybridge, for which ChatGPT does not enable that bridge: the widget loads and never gets its data.",
  },
  docs: {
    description: "Widgets that use the MCP Apps `ui/*` bridge are served as `text/html;profile=mcp-app`.",
    why: "A skybridge widget that speaks `ui/*` over postMessage gets no answers: the widget loads but stays empty (source: https://developers.openai.com/apps-sdk/build/mcp-server).",
    fix: 'Serve it with `mimeType: "text/html;profile=mcp-app"`.',
    examples: {
      fail: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html+skybridge", text: "<script>parent.postMessage({ method: 'ui/initialize' }, '*')</script>" }] } } },
      pass: { reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html;profile=mcp-app", text: "<script>parent.postMessage({ method: 'ui/initialize' }, '*')</script>" }] } } },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || resource.html === undefined) return;
        const mime = resource.contents?.mimeType ?? resource.listEntry?.mimeType;
        if (mime !== SKYBRIDGE_MIME) return;
        const found = BRIDGE_CODE.exec(resource.html);
        if (found) context.report({ messageId: "mismatch", data: { found: found[0] }, pointer: "/contents/mimeType" });
      },
    };
  },
});
