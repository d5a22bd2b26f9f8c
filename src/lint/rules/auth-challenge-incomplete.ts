import { isObject } from "../json.js";
import { defineRule } from "../types.js";

/** The parameter names of one `WWW-Authenticate` challenge. */
function paramsOf(challenge: string): Set<string> {
  return new Set([...challenge.matchAll(/(?:^|[\s,])([A-Za-z_]+)\s*=/g)].map((m) => m[1]!.toLowerCase()));
}

export default defineRule({
  id: "auth-challenge-incomplete",
  severity: "error",
  messages: {
    notError: 'Tool "{tool}" answers a call without a token with a mcp/www_authenticate challenge but without isError: true, so ChatGPT does not start account linking.',
    missing: 'The sign-in challenge of tool "{tool}" lacks {missing}: ChatGPT shows the linking UI only for a challenge with resource_metadata, error and error_description.',
  },
  docs: {
    description: 'A tool\'s sign-in challenge (`_meta["mcp/www_authenticate"]`) has `isError: true`, `resource_metadata`, `error` and `error_description`.',
    why: 'ChatGPT starts account linking for a tool only from an error result whose `mcp/www_authenticate` challenge carries `error` and `error_description` (with `resource_metadata` to find the authorization server); "without both halves ChatGPT will not show the linking UI" (source: https://developers.openai.com/apps-sdk/build/auth). lint calls each `oauth2`-only tool without a token to see it.',
    fix: 'Answer with `{ isError: true, content: [...], _meta: { "mcp/www_authenticate": [\'Bearer resource_metadata="https://…/.well-known/oauth-protected-resource/mcp", error="invalid_request", error_description="Sign in to continue"\'] } }`, or set `auth` and let chatgpt-app answer it.',
    examples: {
      fail: {
        tools: [{ name: "list_notes", securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }] }],
        challenges: { list_notes: { isError: true, content: [], _meta: { "mcp/www_authenticate": ['Bearer resource_metadata="https://notes.example.com/.well-known/oauth-protected-resource"'] } } },
      },
      pass: {
        tools: [{ name: "list_notes", securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }] }],
        challenges: {
          list_notes: {
            isError: true,
            content: [],
            _meta: { "mcp/www_authenticate": ['Bearer resource_metadata="https://notes.example.com/.well-known/oauth-protected-resource", error="invalid_request", error_description="Sign in to see your notes"'] },
          },
        },
      },
    },
  },
  create(context) {
    const challenges = context.model.snapshot.challenges;
    if (!isObject(challenges)) return {};
    return {
      tool(tool) {
        const answer = Object.hasOwn(challenges, tool.name) ? challenges[tool.name] : undefined;
        if (!isObject(answer) || !isObject(answer._meta)) return;
        const value = answer._meta["mcp/www_authenticate"];
        if (value === undefined) return;
        if (answer.isError !== true) context.report({ messageId: "notError", pointer: "" });
        const texts = (Array.isArray(value) ? value : [value]).filter((c): c is string => typeof c === "string");
        const best = texts.map(paramsOf).sort((a, b) => b.size - a.size)[0] ?? new Set<string>();
        const missing = ["resource_metadata", "error", "error_description"].filter((p) => !best.has(p));
        if (missing.length) context.report({ messageId: "missing", data: { missing: missing.join(", ") }, pointer: "" });
      },
    };
  },
});
