import type { AppServerV2 } from "chatgpt-app/server";
import { z } from "zod";

/** The scope the account tool needs; register it at your authorization server. */
export const ACCOUNT_SCOPE = "account:read";

export function registerAccountTools(server: AppServerV2): void {
  server.registerTool(
    "show_account",
    {
      title: "Show my account",
      description: "Use this when the user asks which account is linked, or who they are signed in as.",
      outputSchema: z.object({ subject: z.string().describe("The signed-in user's id at the authorization server.") }),
      annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
      // oauth2 only: called without a token, it answers with ChatGPT's sign-in challenge.
      securitySchemes: [{ type: "oauth2", scopes: [ACCOUNT_SCOPE] }],
    },
    async (ctx) => {
      // chatgpt-app verified the token; its subject is the signed-in user.
      const subject = ctx.app.auth?.subject ?? "";
      return { content: [{ type: "text", text: `You are signed in as ${subject}.` }], structuredContent: { subject } };
    },
  );
  server.registerTool(
    "greet",
    {
      title: "Greet",
      description: "Use this to greet the user; it names them when their account is linked.",
      outputSchema: z.object({ signedIn: z.boolean(), subject: z.string().nullable() }),
      annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
      // Mixed: works anonymously, and sees the user when a token comes.
      securitySchemes: [{ type: "noauth" }, { type: "oauth2", scopes: [ACCOUNT_SCOPE] }],
    },
    async (ctx) => {
      const subject = ctx.app.auth?.subject ?? null;
      return {
        content: [{ type: "text", text: subject ? `Hello, ${subject}!` : "Hello! Link your account to be greeted by name." }],
        structuredContent: { signedIn: subject !== null, subject },
      };
    },
  );
}
