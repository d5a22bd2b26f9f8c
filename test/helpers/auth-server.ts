import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import Provider from "oidc-provider";

export const TEST_SCOPES = ["notes:read", "notes:write"];
const OIDC_SCOPES = ["openid", "offline_access", "profile"];

export interface AuthServer {
  issuer: string;
  port: number;
  provider: Provider;
  /** The private key the provider signs with (for tokens a test mints by hand, e.g. already expired). */
  signingKey: JWK;
  /** The subject every sign-in gets. */
  subject: string;
  /** A JWT access token for `resource` through the client-credentials grant (no user). */
  serviceToken(resource: string, scope?: string): Promise<string>;
  /** Destroys every refresh token the provider issued so far (as a revocation would); how many there were. */
  revokeRefreshTokens(): Promise<number>;
  /** A JWT signed with the provider's key: claims as given (iss and kid filled in). */
  sign(claims: Record<string, unknown>): Promise<string>;
  /**
   * Follows an authorization URL the way a browser would (cookies kept, redirects followed, the
   * login answered for `subject`, consent given) up to the redirect to the client; returns that URL.
   */
  authorize(authorizationUrl: string | URL, redirectUri: string): Promise<URL>;
  close(): Promise<void>;
}

export interface AuthServerOptions {
  /** Listen on this port (a provider that comes back after a stop, or one started late). */
  port?: number;
  subject?: string;
  /** Signing keys (the first signs); default one new RSA key. */
  keys?: JWK[];
  /** The resource scopes it grants (default TEST_SCOPES). */
  scopes?: string[];
  /** Seconds a JWT access token lives (default 3600). */
  accessTokenTTL?: number;
}

export async function newSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" };
}

/**
 * A real OpenID provider (oidc-provider) on 127.0.0.1: dynamic client registration, PKCE S256,
 * resource indicators issuing JWT access tokens, a login that signs everyone in as `subject`
 * and a consent given at once (loadExistingGrant grants what was asked).
 */
export async function startAuthServer(options: AuthServerOptions = {}): Promise<AuthServer> {
  const subject = options.subject ?? "user-4711";
  const resourceScopes = options.scopes ?? TEST_SCOPES;
  const keys = options.keys ?? [await newSigningKey(`key-${Date.now()}`)];
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: "test-service",
        client_secret: "test-service-secret",
        grant_types: ["client_credentials"],
        redirect_uris: [],
        response_types: [],
        scope: resourceScopes.join(" "),
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    jwks: { keys },
    scopes: [...OIDC_SCOPES, ...resourceScopes],
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx: unknown, _client: unknown, oneOf?: string) => oneOf,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, resource: string) => ({
          scope: resourceScopes.join(" "),
          audience: resource,
          accessTokenFormat: "jwt",
          accessTokenTTL: options.accessTokenTTL ?? 3600,
          jwt: { sign: { alg: "RS256" } },
        }),
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx: unknown, id: string) => ({ accountId: id, claims: async () => ({ sub: id }) }),
    // Consent at once, for what was asked: OIDC scopes on the grant, the rest on each requested resource.
    loadExistingGrant: async (ctx: any) => {
      const accountId = ctx.oidc.session?.accountId;
      if (!accountId) return undefined;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
      const asked = String(ctx.oidc.params.scope ?? "").split(" ").filter(Boolean);
      grant.addOIDCScope(asked.join(" ") || "openid");
      const resources = ctx.oidc.params.resource;
      for (const resource of Array.isArray(resources) ? resources : resources ? [resources] : []) {
        grant.addResourceScope(resource, asked.filter((s) => resourceScopes.includes(s)).join(" "));
      }
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
  } as any);

  // Refresh tokens (offline_access with prompt=consent, a client allowed the refresh_token grant), for revocation.
  const refreshTokens: Array<{ destroy(): Promise<void> }> = [];
  (provider.on as unknown as (event: string, listener: (token: { destroy(): Promise<void> }) => void) => void).call(provider, "refresh_token.saved", (token) => {
    refreshTokens.push(token);
  });

  const callback = provider.callback();
  server.on("request", (req, res) => {
    const interaction = /^\/interaction\/([^/?]+)/.exec(req.url ?? "");
    if (interaction) {
      // Login as `subject`; a consent asked explicitly (prompt=consent, as offline_access needs) is given at once.
      provider
        .interactionDetails(req, res)
        .then((details) => {
          const result = details.prompt.name === "consent" ? { consent: {} } : { login: { accountId: subject } };
          return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
        })
        .catch((error: Error) => {
          res.writeHead(500).end(error.message);
        });
      return;
    }
    callback(req, res);
  });

  const signingKey = keys[0]!;
  return {
    issuer,
    port,
    provider,
    signingKey,
    subject,
    async serviceToken(resource, scope = resourceScopes.join(" ")) {
      const response = await fetch(`${issuer}/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", client_id: "test-service", client_secret: "test-service-secret", scope, resource }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`token endpoint: ${body.error}: ${body.error_description}`);
      return body.access_token;
    },
    async revokeRefreshTokens() {
      const count = refreshTokens.length;
      await Promise.all(refreshTokens.splice(0).map((token) => token.destroy()));
      return count;
    },
    async sign(claims) {
      const { importJWK } = await import("jose");
      const key = await importJWK(signingKey, "RS256");
      return new SignJWT({ iss: issuer, ...claims }).setProtectedHeader({ alg: "RS256", kid: signingKey.kid, typ: "at+jwt" }).sign(key);
    },
    async authorize(authorizationUrl, redirectUri) {
      const cookies = new Map<string, string>();
      let url = new URL(authorizationUrl);
      for (let hop = 0; hop < 10; hop++) {
        if (url.href.startsWith(redirectUri)) return url;
        const response = await fetch(url, {
          redirect: "manual",
          headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
        });
        for (const line of response.headers.getSetCookie()) {
          const [pair] = line.split(";");
          const eq = pair!.indexOf("=");
          cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
        }
        const location = response.headers.get("location");
        if (!location) throw new Error(`authorization stopped at ${url.pathname}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
        await response.body?.cancel();
        url = new URL(location, url);
      }
      throw new Error("authorization: too many redirects");
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
