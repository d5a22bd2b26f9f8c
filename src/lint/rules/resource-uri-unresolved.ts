import { templateKeys } from "../rule-helpers.js";
import { defineRule } from "../types.js";

function normalise(uri: string): string {
  return uri.toLowerCase().replace(/\/+$/, "");
}

export default defineRule({
  id: "resource-uri-unresolved",
  severity: "error",
  messages: {
    unresolved: 'Tool "{tool}" renders {templateUri}, but no resource answers resources/read at that exact URI{detail}. The widget will not show.',
  },
  docs: {
    description: "The widget template a tool names is served by `resources/read` at exactly that URI.",
    why: "Hosts fetch the template with `resources/read` using the exact string; a trailing slash, a case difference or an old hash means no widget (sources: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx, https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/troubleshooting.md).",
    fix: "Register the resource at the same URI the tool names (chatgpt-app derives both from the widget name).",
    examples: {
      fail: {
        tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }],
        reads: { "ui://widget/map-v1.html": { error: "Resource ui://widget/map-v1.html not found" } },
      },
      pass: {
        tools: [{ name: "show_map", _meta: { ui: { resourceUri: "ui://widget/map-v1.html" } } }],
        reads: { "ui://widget/map-v1.html": { contents: [{ uri: "ui://widget/map-v1.html", mimeType: "text/html;profile=mcp-app", text: "<!doctype html><html></html>" }] } },
      },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const uri = tool.templateUri;
        if (uri === undefined) return;
        const resource = context.model.resourceByUri.get(uri);
        if (resource?.contents) return;
        const near = context.model.resources.find((r) => r.uri !== uri && r.contents && normalise(r.uri) === normalise(uri));
        const detail = near
          ? ` (did you mean ${near.uri}? check trailing slash and case)`
          : resource?.readError
            ? ` (the server answered: ${resource.readError.slice(0, 200)})`
            : " (check trailing slash and case)";
        context.report({ messageId: "unresolved", data: { templateUri: uri, detail }, pointer: templateKeys(tool)[0]?.pointer ?? "" });
      },
    };
  },
});
