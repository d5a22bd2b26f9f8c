import { canonicalJson } from "../rule-helpers.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "security-schemes-mirror-mismatch",
  severity: "error",
  messages: {
    mismatch: 'Tool "{tool}" has a top-level securitySchemes that differs from _meta.securitySchemes; clients that read one or the other will disagree about its auth.',
  },
  docs: {
    description: "Top-level `securitySchemes` and `_meta.securitySchemes` are identical.",
    why: "`_meta.securitySchemes` is documented as a mirror for clients that read only `_meta` (source: https://developers.openai.com/apps-sdk/reference); two different values mean two different auth policies.",
    fix: "Write one value and copy it to the other place.",
    examples: {
      fail: { tools: [{ name: "show_map", securitySchemes: [{ type: "noauth" }], _meta: { securitySchemes: [{ type: "oauth2" }] } }] },
      pass: { tools: [{ name: "show_map", securitySchemes: [{ type: "oauth2" }], _meta: { securitySchemes: [{ type: "oauth2" }] } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const top = tool.raw.securitySchemes;
        const mirror = tool.meta?.securitySchemes;
        if (top === undefined || mirror === undefined) return;
        if (canonicalJson(top) !== canonicalJson(mirror)) context.report({ messageId: "mismatch", pointer: "/_meta/securitySchemes" });
      },
    };
  },
});
