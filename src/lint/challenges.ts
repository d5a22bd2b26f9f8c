import { errorMessage } from "../errors.js";
import { isObject } from "./json.js";
import type { LintRun } from "./lint-run.js";

/** At most this many tools are called: a server with hundreds of protected tools is judged by the first. */
const MAX_CALLS = 20;

/** Tools whose `securitySchemes` list `oauth2` and not `noauth`: a call without a token must not run them. */
export function oauthOnlyTools(tools: unknown[]): string[] {
  return tools.flatMap((tool) => {
    if (!isObject(tool) || typeof tool.name !== "string") return [];
    const schemes = tool.securitySchemes ?? (isObject(tool._meta) ? tool._meta.securitySchemes : undefined);
    if (!Array.isArray(schemes)) return [];
    const types = schemes.map((s) => (isObject(s) ? s.type : undefined));
    return types.includes("oauth2") && !types.includes("noauth") ? [tool.name] : [];
  });
}

/**
 * Calls each `oauth2`-only tool without a token, as ChatGPT does before account linking, and keeps
 * what it answered: its challenge is what starts linking. Only such tools are called, so nothing
 * a user could run anonymously is run.
 */
export async function collectChallenges(request: (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>, tools: unknown[], run: LintRun | undefined): Promise<Record<string, unknown> | undefined> {
  const names = oauthOnlyTools(tools).slice(0, MAX_CALLS);
  if (names.length === 0) return undefined;
  const answers: Record<string, unknown> = {};
  for (const name of names) {
    try {
      answers[name] = await request("tools/call", { name, arguments: {} });
    } catch (error) {
      if (run?.failed) throw error;
      answers[name] = { error: errorMessage(error) };
    }
  }
  return answers;
}
