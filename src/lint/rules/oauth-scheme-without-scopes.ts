import { isObject } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "oauth-scheme-without-scopes",
  severity: "warn",
  messages: {
    noScopes: 'Tool "{tool}" lists an oauth2 security scheme without scopes, so ChatGPT cannot tell which scopes to ask for when it links the account.',
  },
  docs: {
    description: "Each `oauth2` security scheme names the scopes its tool needs.",
    why: 'The scopes of a tool\'s `oauth2` scheme are what ChatGPT requests when it links the account, and what a 403 `insufficient_scope` step-up asks for; OpenAI\'s examples always list them (source: https://developers.openai.com/apps-sdk/build/auth).',
    fix: 'List the scopes: `securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }]`.',
    examples: {
      fail: { tools: [{ name: "list_notes", securitySchemes: [{ type: "oauth2" }], _meta: { securitySchemes: [{ type: "oauth2" }] } }] },
      pass: { tools: [{ name: "list_notes", securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }], _meta: { securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }] } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const inRaw = Array.isArray(tool.raw.securitySchemes);
        const schemes = inRaw ? tool.raw.securitySchemes : tool.meta?.securitySchemes;
        if (!Array.isArray(schemes)) return;
        schemes.slice(0, 100).forEach((scheme, i) => {
          if (!isObject(scheme) || scheme.type !== "oauth2") return;
          if (Array.isArray(scheme.scopes) && scheme.scopes.length > 0) return;
          context.report({ messageId: "noScopes", pointer: `${inRaw ? "/securitySchemes" : "/_meta/securitySchemes"}/${i}` });
        });
      },
    };
  },
});
