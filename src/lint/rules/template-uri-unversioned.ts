import { defineRule } from "../types.js";

const VERSIONED = /-v\d+|@\d|[?&]v=|[0-9a-f]{8,}/i;

export default defineRule({
  id: "template-uri-unversioned",
  severity: "warn",
  messages: {
    unversioned: "{uri} has no version or content hash; ChatGPT caches widget templates by URI, so after a change users keep seeing the old widget.",
  },
  docs: {
    description: "Widget template URIs carry a version or content hash (`-v2`, `@2`, `?v=…`, or 8+ hex characters).",
    why: 'ChatGPT caches templates by `ui://` URI (up to an hour for published apps, longer in dev and on mobile): "Treat the URI as your cache key" (sources: https://developers.openai.com/apps-sdk/build/mcp-server, https://github.com/openai/openai-apps-sdk-examples/issues/206).',
    fix: "Put a content hash in the URI: `ui://widget/map-3f9a1c2b.html` (chatgpt-app does this for every widget, and still answers reads of older hashes).",
    examples: {
      fail: { resources: [{ uri: "ui://widget/map.html", name: "map", mimeType: "text/html;profile=mcp-app" }] },
      pass: { resources: [{ uri: "ui://widget/map-3f9a1c2b7d4e.html", name: "map", mimeType: "text/html;profile=mcp-app" }] },
    },
  },
  create(context) {
    return {
      resource(resource) {
        if (!resource.isUi || !resource.uri.startsWith("ui://") || (!resource.contents && !resource.listEntry)) return;
        if (!VERSIONED.test(resource.uri)) context.report({ messageId: "unversioned", pointer: "/list/uri" });
      },
    };
  },
});
