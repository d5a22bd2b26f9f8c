import { ruleTester } from "../rule-tester.js";
import rule from "../../../src/lint/rules/auth-challenge-incomplete.js";

const tool = { name: "notes", securitySchemes: [{ type: "oauth2", scopes: ["notes:read"] }] };
const full = 'Bearer resource_metadata="https://x.example/.well-known/oauth-protected-resource", error="invalid_request", error_description="Sign in"';
const answer = (challenge: unknown, isError = true) => ({ notes: { isError, content: [], _meta: { "mcp/www_authenticate": challenge } } });

ruleTester(rule, {
  valid: [
    { name: "a full challenge", snapshot: { tools: [tool], challenges: answer([full]) } },
    { name: "a string challenge", snapshot: { tools: [tool], challenges: answer(full) } },
    { name: "no challenge collected", snapshot: { tools: [tool] } },
  ],
  invalid: [
    {
      name: "no error or error_description",
      snapshot: { tools: [tool], challenges: answer(['Bearer resource_metadata="https://x.example/.well-known/oauth-protected-resource"']) },
      errors: [{ messageId: "missing", includes: "error, error_description" }],
    },
    { name: "not an error result", snapshot: { tools: [tool], challenges: answer([full], false) }, errors: [{ messageId: "notError" }] },
  ],
});
