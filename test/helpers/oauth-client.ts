import { auth, type OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import type { AuthServer } from "./auth-server.js";

export const REDIRECT_URI = "http://127.0.0.1:1/oauth/callback";

/** The SDK's OAuthClientProvider, in memory: it registers dynamically and records where it was sent to sign in. */
export class MemoryOAuthProvider implements OAuthClientProvider {
  client: OAuthClientInformationMixed | undefined;
  saved: OAuthTokens | undefined;
  verifier = "";
  lastAuthorizationUrl: URL | undefined;
  registrations = 0;

  constructor(private readonly scope?: string) {}

  get redirectUrl(): string {
    return REDIRECT_URI;
  }
  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "chatgpt-app tests",
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      ...(this.scope ? { scope: this.scope } : {}),
    };
  }
  clientInformation() {
    return this.client;
  }
  saveClientInformation(info: OAuthClientInformationMixed) {
    this.registrations += 1;
    this.client = info;
  }
  tokens() {
    return this.saved;
  }
  saveTokens(tokens: OAuthTokens) {
    this.saved = tokens;
  }
  redirectToAuthorization(url: URL) {
    this.lastAuthorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/**
 * The SDK's own flow from a challenge: `auth()` finds the metadata, registers, is sent to sign in
 * (the provider's login answered programmatically), and trades the code for tokens.
 */
export async function signInWithSdk(
  provider: MemoryOAuthProvider,
  authServer: AuthServer,
  options: { serverUrl: string; resourceMetadataUrl?: string; scope?: string },
): Promise<OAuthTokens> {
  const resourceMetadataUrl = options.resourceMetadataUrl ? new URL(options.resourceMetadataUrl) : undefined;
  const first = await auth(provider, { serverUrl: options.serverUrl, resourceMetadataUrl, scope: options.scope });
  if (first === "REDIRECT") {
    const back = await authServer.authorize(provider.lastAuthorizationUrl!, REDIRECT_URI);
    const code = back.searchParams.get("code");
    if (!code) throw new Error(`no code in ${back.href}`);
    await auth(provider, { serverUrl: options.serverUrl, resourceMetadataUrl, scope: options.scope, authorizationCode: code });
  }
  return provider.saved!;
}

/** The parameters of a `Bearer` challenge. */
export function challengeParams(challenge: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of challenge.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) params[match[1]!] = match[2]!.replace(/\\(.)/g, "$1");
  return params;
}
