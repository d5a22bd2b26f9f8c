import { pointer } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "legacy-visibility-key",
  severity: "warn",
  messages: {
    legacy: 'Tool "{tool}" uses openai/visibility, deprecated in favour of _meta.ui.visibility.',
  },
  docs: {
    description: "Tools use `_meta.ui.visibility` rather than the deprecated `openai/visibility`.",
    why: 'OpenAI documents `openai/visibility` as a compatibility alias and reportedly deprecated it on 2026-07-21; the docs say "prefer `ui.visibility`" (source: https://developers.openai.com/apps-sdk/reference).',
    fix: '`openai/visibility: "private"` becomes `_meta.ui.visibility: ["app"]`; `"public"` is the default.',
    examples: {
      fail: { tools: [{ name: "refresh", _meta: { "openai/visibility": "private" } }] },
      pass: { tools: [{ name: "refresh", _meta: { ui: { visibility: ["app"] } } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        if (tool.meta?.["openai/visibility"] !== undefined) context.report({ messageId: "legacy", pointer: pointer("_meta", "openai/visibility") });
      },
    };
  },
});
