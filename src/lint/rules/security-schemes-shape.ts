import { isObject, show } from "../json.js";
import { defineRule } from "../types.js";

function validScheme(scheme: unknown): boolean {
  if (!isObject(scheme)) return false;
  if (scheme.type === "noauth") return true;
  if (scheme.type !== "oauth2") return false;
  return scheme.scopes === undefined || (Array.isArray(scheme.scopes) && scheme.scopes.every((s) => typeof s === "string"));
}

export default defineRule({
  id: "security-schemes-shape",
  severity: "error",
  messages: {
    notArray: 'securitySchemes of tool "{tool}" is {value}, not an array like [{ "type": "noauth" }].',
    badEntry: 'securitySchemes entry {value} of tool "{tool}" is not { "type": "noauth" } or { "type": "oauth2", "scopes"?: string[] }.',
  },
  docs: {
    description: 'Each `securitySchemes` entry is `{ type: "noauth" }` or `{ type: "oauth2", scopes?: string[] }`.',
    why: 'OpenAI documents exactly two scheme types; anything else is ignored and the tool falls back to the server default (source: https://developers.openai.com/apps-sdk/build/auth).',
    fix: 'Use `[{ type: "noauth" }]`, `[{ type: "oauth2", scopes: ["read"] }]`, or both for optional auth.',
    examples: {
      fail: { tools: [{ name: "show_map", securitySchemes: [{ type: "apiKey" }], _meta: { securitySchemes: [{ type: "apiKey" }] } }] },
      pass: { tools: [{ name: "show_map", securitySchemes: [{ type: "oauth2", scopes: ["maps.read"] }], _meta: { securitySchemes: [{ type: "oauth2", scopes: ["maps.read"] }] } }] },
    },
  },
  create(context) {
    return {
      tool(tool) {
        const places: Array<[unknown, string]> = [
          [tool.raw.securitySchemes, "/securitySchemes"],
          [tool.meta?.securitySchemes, "/_meta/securitySchemes"],
        ];
        for (const [value, at] of places) {
          if (value === undefined) continue;
          if (!Array.isArray(value)) {
            context.report({ messageId: "notArray", data: { value: show(value, 40) }, pointer: at });
            continue;
          }
          value.slice(0, 100).forEach((scheme, i) => {
            if (!validScheme(scheme)) context.report({ messageId: "badEntry", data: { value: show(scheme, 60) }, pointer: `${at}/${i}` });
          });
        }
      },
    };
  },
});
