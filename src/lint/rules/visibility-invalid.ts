import { show } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "visibility-invalid",
  severity: "error",
  messages: {
    invalid: '_meta.ui.visibility of tool "{tool}" is {value}; it must be a non-empty subset of ["model","app"].',
  },
  docs: {
    description: '`_meta.ui.visibility` is a non-empty subset of `["model", "app"]`.',
    why: 'Hosts hide tools without "model" from the model and refuse widget calls to tools without "app"; other values are undefined behaviour (source: https://github.com/modelcontextprotocol/ext-apps/blob/main/specification/2026-01-26/apps.mdx).',
    fix: 'Use `["model", "app"]` (the default), `["model"]` or `["app"]`.',
    examples: {
      fail: { tools: [{ name: "refresh", _meta: { ui: { visibility: ["widget"] } } }] },
      pass: { tools: [{ name: "refresh", _meta: { ui: { visibility: ["app"] } } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const visibility = tool.ui?.visibility;
        if (visibility === undefined) return;
        const ok = Array.isArray(visibility) && visibility.length > 0 && visibility.every((v) => v === "model" || v === "app");
        if (!ok) context.report({ messageId: "invalid", data: { value: show(visibility, 40) }, pointer: "/_meta/ui/visibility" });
      },
    };
  },
});
