import { pointer } from "../json.js";
import { resourceMetaSources } from "../rule-helpers.js";
import { defineRule } from "../types.js";

const TOOL_KEYS = new Set([
  "openai/outputTemplate",
  "openai/widgetAccessible",
  "openai/visibility",
  "openai/toolInvocation/invoking",
  "openai/toolInvocation/invoked",
  "openai/fileParams",
  "openai/profile",
]);
const RESOURCE_KEYS = new Set([
  "openai/widgetCSP",
  "openai/widgetDomain",
  "openai/widgetPrefersBorder",
  "openai/widgetDescription",
]);
const FOLKLORE: Record<string, string> = {
  "openai/resultCanProduceWidget": "it appears only in OpenAI's old Pizzaz example code",
  "openai/requiresApproval": "approval is driven by readOnlyHint, destructiveHint and openWorldHint",
};

export default defineRule({
  id: "undocumented-openai-key",
  severity: "info",
  messages: {
    unknown: "{where} has {key}, which is not a documented ChatGPT key here; it has no documented effect{detail}.",
  },
  docs: {
    description: "Only documented `openai/*` keys are used, on the object ChatGPT reads them from.",
    why: "Unknown keys, or keys on the wrong object (a resource key on the tool), are silently ignored; some come from folklore (`openai/resultCanProduceWidget`, `openai/requiresApproval`) (source: https://developers.openai.com/apps-sdk/reference).",
    fix: "Remove the key, or move it to the object that ChatGPT reads it from (tool descriptor vs resource contents).",
    examples: {
      fail: { tools: [{ name: "show_map", _meta: { "openai/resultCanProduceWidget": true } }] },
      pass: { tools: [{ name: "show_map", _meta: { "openai/outputTemplate": "ui://widget/map-v1.html" } }] },
    },
  },
  create(context) {
    const detail = (key: string) => (FOLKLORE[key] ? ` (${FOLKLORE[key]})` : "");
    return {
      tool(tool) {
        for (const key of Object.keys(tool.meta ?? {}).slice(0, 500)) {
          if (!key.startsWith("openai/") || TOOL_KEYS.has(key)) continue;
          if (key === "openai/widgetCSP") continue; // csp-on-tool says it better
          context.report({ messageId: "unknown", data: { where: `Tool "${tool.name}"`, key, detail: detail(key) }, pointer: pointer("_meta", key) });
        }
      },
      resource(resource) {
        if (!resource.isUi) return;
        for (const { meta, base } of resourceMetaSources(resource)) {
          for (const key of Object.keys(meta).slice(0, 500)) {
            if (!key.startsWith("openai/") || RESOURCE_KEYS.has(key)) continue;
            context.report({ messageId: "unknown", data: { where: `Resource ${resource.uri}`, key, detail: detail(key) }, pointer: `${base}${pointer(key)}` });
          }
        }
      },
    };
  },
});
