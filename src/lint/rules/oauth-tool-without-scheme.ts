import { isObject } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "oauth-tool-without-scheme",
  severity: "warn",
  messages: {
    noOauth:
      'The server advertises OAuth (/.well-known/oauth-protected-resource) but tool "{tool}" does not list an oauth2 security scheme, so ChatGPT will not show the account-linking UI for it.',
  },
  docs: {
    description: "On a server that advertises OAuth, each tool that needs the user's account lists an `oauth2` scheme.",
    why: 'ChatGPT shows account linking for a tool only with protected-resource metadata, an `oauth2` entry in that tool\'s `securitySchemes` and a `mcp/www_authenticate` challenge: "Without both halves ChatGPT will not show the linking UI for that tool" (source: https://developers.openai.com/apps-sdk/build/auth).',
    fix: 'Add `{ type: "oauth2", scopes: [...] }` to the tool\'s `securitySchemes` (keep `{ type: "noauth" }` too if anonymous calls work).',
    examples: {
      fail: { server: { oauth: true }, tools: [{ name: "list_orders", securitySchemes: [{ type: "noauth" }] }] },
      pass: { server: { oauth: true }, tools: [{ name: "list_orders", securitySchemes: [{ type: "oauth2", scopes: ["orders.read"] }] }] },
    },
  },
  create(context) {
    if (context.model.snapshot.server?.oauth !== true) return {};
    return {
      tool(tool) {
        const schemes = tool.raw.securitySchemes ?? tool.meta?.securitySchemes;
        const hasOauth = Array.isArray(schemes) && schemes.some((s) => isObject(s) && s.type === "oauth2");
        if (!hasOauth) context.report({ messageId: "noOauth", pointer: "/securitySchemes" });
      },
    };
  },
});
