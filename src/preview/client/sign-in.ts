/**
 * The page's side of the preview sign-in: who is signed in (from the dev server's session),
 * sign-in and sign-out, and the challenge a protected tool answered while signed out. The
 * flow itself runs in the dev server (src/preview/sign-in.ts); the page sends the access token
 * it is given on its MCP requests, and asks the dev server to renew it (with the refresh token
 * only the dev server holds) when it has expired or a call is answered 401.
 */
import type { AuthProvider, CallToolResult } from "@modelcontextprotocol/client";
import { h } from "./dom.js";

export interface SignInSession {
  /** The app is an OAuth resource server (an issuer is set). */
  enabled: boolean;
  signedIn: boolean;
  accessToken?: string;
  subject?: string;
  scopes?: string[];
  /** When the access token expires (ms since the epoch), if known. */
  expiresAt?: number;
}

const PREFIX = "/__chatgpt-app/auth";
const panel = h("div", { class: "sign-in", hidden: true });
const notice = h("div", { class: "sign-in-challenge", role: "alert", hidden: true });
/** The session the page's requests use; kept in this page's memory only. */
let current: SignInSession = { enabled: false, signedIn: false };

async function readSession(path: string, init?: RequestInit): Promise<SignInSession> {
  try {
    const response = await fetch(`${PREFIX}${path}`, { cache: "no-store", ...init });
    return (await response.json()) as SignInSession;
  } catch {
    return { enabled: current.enabled, signedIn: false };
  }
}

export async function loadSession(): Promise<SignInSession> {
  current = await readSession("/session");
  return current;
}

/** The panel for the page's header: hidden for apps without auth. */
export function signInPanel(session: SignInSession = current): HTMLElement {
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

let renewing: Promise<boolean> | undefined;

/** One renewal at a time, however many requests found the token stale; signed out when it fails. */
function renew(): Promise<boolean> {
  renewing ??= readSession("/refresh", { method: "POST" })
    .then((next) => {
      current = { ...next, enabled: current.enabled };
      signInPanel();
      return current.signedIn;
    })
    .finally(() => (renewing = undefined));
  return renewing;
}

/**
 * The signed-in user's token for the SDK transport (its `AuthProvider`): an expired token is
 * renewed before a request goes out; a 401 renews it once, and the transport retries once. When
 * renewing fails the page shows signed out with the server's challenge, and the retry goes
 * without a token (a protected tool then answers its own challenge).
 */
export const sessionAuth: AuthProvider = {
  async token() {
    if (current.signedIn && current.expiresAt !== undefined && current.expiresAt <= Date.now()) await renew();
    return current.signedIn ? current.accessToken : undefined;
  },
  async onUnauthorized({ response }) {
    const wasSignedIn = current.signedIn;
    if (wasSignedIn && (await renew())) return;
    const challenge = response.headers.get("www-authenticate") ?? "Bearer";
    showNotice(wasSignedIn ? "Signed out: the session could not be renewed" : "This server needs you to sign in", challenge);
    if (!wasSignedIn) throw new Error(`The server answered 401: sign in first (${challenge}).`);
  },
};

/** The `mcp/www_authenticate` challenge of a tool result, if it is one. */
export function challengeOf(result: CallToolResult): string | undefined {
  const challenge = (result._meta as Record<string, unknown> | undefined)?.["mcp/www_authenticate"];
  const first = Array.isArray(challenge) ? challenge[0] : challenge;
  return result.isError && typeof first === "string" ? first : undefined;
}

function showNotice(title: string, challenge: string): void {
  notice.hidden = false;
  notice.replaceChildren(h("strong", {}, title), h("code", {}, challenge));
}

/** Shows a tool's sign-in challenge beside the sign-in link (as ChatGPT would offer to link the account). */
export function showChallenge(tool: string, challenge: string): void {
  showNotice(`${tool} needs you to sign in`, challenge);
}
