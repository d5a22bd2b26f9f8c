/**
 * The page's side of the preview sign-in: who is signed in (from the dev server's session),
 * sign-in and sign-out, and the challenge a protected tool answered while signed out. The
 * flow itself runs in the dev server (src/preview/sign-in.ts); the page sends the access token
 * it is given on its MCP requests.
 */
import type { CallToolResult } from "@modelcontextprotocol/client";
import { h } from "./dom.js";

export interface SignInSession {
  /** The app is an OAuth resource server (an issuer is set). */
  enabled: boolean;
  signedIn: boolean;
  accessToken?: string;
  subject?: string;
  scopes?: string[];
}

const PREFIX = "/__chatgpt-app/auth";
const panel = h("div", { class: "sign-in", hidden: true });
const notice = h("div", { class: "sign-in-challenge", role: "alert", hidden: true });

export async function loadSession(): Promise<SignInSession> {
  try {
    const response = await fetch(`${PREFIX}/session`, { cache: "no-store" });
    return response.ok ? ((await response.json()) as SignInSession) : { enabled: false, signedIn: false };
  } catch {
    return { enabled: false, signedIn: false };
  }
}

/** The panel for the page's header: hidden for apps without auth. */
export function signInPanel(session: SignInSession): HTMLElement {
  panel.hidden = !session.enabled;
  if (!session.signedIn) {
    panel.replaceChildren(h("span", { class: "who" }, "Signed out"), h("a", { class: "sign-in-link", href: `${PREFIX}/sign-in` }, "Sign in"), notice);
    return panel;
  }
  const out = h("button", { type: "button", class: "sign-out" }, "Sign out");
  out.addEventListener("click", () => {
    void fetch(`${PREFIX}/sign-out`, { method: "POST" }).finally(() => location.reload());
  });
  const scopes = session.scopes?.length ? ` (${session.scopes.join(" ")})` : "";
  panel.replaceChildren(h("span", { class: "who" }, `Signed in as ${session.subject ?? "an account"}${scopes}`), out, notice);
  return panel;
}

/** The `mcp/www_authenticate` challenge of a tool result, if it is one. */
export function challengeOf(result: CallToolResult): string | undefined {
  const challenge = (result._meta as Record<string, unknown> | undefined)?.["mcp/www_authenticate"];
  const first = Array.isArray(challenge) ? challenge[0] : challenge;
  return result.isError && typeof first === "string" ? first : undefined;
}

/** Shows a tool's sign-in challenge beside the sign-in link (as ChatGPT would offer to link the account). */
export function showChallenge(tool: string, challenge: string): void {
  notice.hidden = false;
  notice.replaceChildren(h("strong", {}, `${tool} needs you to sign in`), h("code", {}, challenge));
}
