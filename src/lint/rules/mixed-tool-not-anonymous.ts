import { isObject } from "../json.js";
import { defineRule } from "../types.js";

export default defineRule({
  id: "mixed-tool-not-anonymous",
  severity: "error",
  messages: {
    required:
      'Tool "{tool}" lists noauth beside oauth2 (it runs without a token), but the app needs a token for every request (auth.required), so it can never be called anonymously.',
  },
  docs: {
    description: "A tool that lists both `noauth` and `oauth2` is on an app that serves requests without a token.",
    why: 'Listing both schemes tells ChatGPT the tool works before the account is linked ("anonymous calls work, linking unlocks more"); an app that answers every tokenless request with HTTP 401 breaks that promise, and ChatGPT cannot even list its tools before linking (source: https://developers.openai.com/apps-sdk/build/auth).',
    fix: "Drop `auth.required` (oauth2-only tools still ask for a sign-in on their own), or drop `noauth` from the tool.",
    examples: {
      fail: { server: { authRequired: true }, tools: [{ name: "greet", securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: ["profile"] }] }] },
      pass: { tools: [{ name: "greet", securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: ["profile"] }] }] },
    },
  },
  create(context) {
    if (context.model.snapshot.server?.authRequired !== true) return {};
    return {
      tool(tool) {
        const schemes = tool.raw.securitySchemes ?? tool.meta?.securitySchemes;
        if (!Array.isArray(schemes)) return;
        const types = schemes.map((s) => (isObject(s) ? s.type : undefined));
        if (types.includes("noauth") && types.includes("oauth2")) context.report({ messageId: "required", pointer: "/securitySchemes" });
      },
    };
  },
});
