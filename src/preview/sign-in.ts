/**
 * The preview's sign-in, for apps that are OAuth resource servers: authorization code with
 * PKCE S256 against the authorization server the app's protected-resource metadata names,
 * with a client registered dynamically (DCR) or the pre-registered `auth.clientId`, and the
 * redirect to the fixed callback path below. The dev server keeps the tokens in memory (one
 * signed-in user for this machine's preview); the page reads the access token from
 * `/auth/session` and sends it on its own MCP requests. A refresh token (asked for with
 * `offline_access` where the authorization server offers it) never leaves the dev server: an
 * expired session is renewed with it, and the page asks `/auth/refresh` when a call answers
 * 401. Mounted under the preview's prefix, so loopback-only like the rest of the preview;
 * nothing about a token is logged.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  exchangeAuthorization,
  refreshAuthorization,
  registerClient,
  startAuthorization,
} from "@modelcontextprotocol/sdk/client/auth.js";
import type { AuthorizationServerMetadata, OAuthClientInformationFull } from "@modelcontextprotocol/sdk/shared/auth.js";
import { decodeJwt } from "jose";
import type { ResourceServer } from "../auth/index.js";

/** The callback path (under the preview's prefix) a pre-registered client must allow. */
export const CALLBACK_PATH = "/auth/callback";

interface Pending {
  verifier: string;
  redirectUri: string;
  /** The preview's origin the sign-in started from, where the callback sends the browser back. */
  returnTo: string;
  resource: string;
  issuer: string;
  metadata: AuthorizationServerMetadata | undefined;
  client: OAuthClientInformationFull | { client_id: string };
}

interface Session {
  accessToken: string;
  subject: string | undefined;
  scopes: string[];
  expiresAt: number | undefined;
}

/** What renews a session: kept in the dev server only, never sent to the page. */
interface Renewal {
  refreshToken: string;
  issuer: string;
  metadata: AuthorizationServerMetadata | undefined;
  client: Pending["client"];
  resource: string;
}

/** The protected-resource metadata (RFC 9728) the sign-in starts from. */
export interface ProtectedResource {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
}

/** Where the preview learns how to sign in: the MCP server's metadata, and a pre-registered client if any. */
export interface SignInSource {
  /** The metadata for the resource a request reached; undefined when the server names no authorization server. */
  metadata(req: IncomingMessage): Promise<ProtectedResource | undefined>;
  clientId?: string;
}

/** chatgpt-app's own resource server (the app's `auth`): its metadata, in process. */
export function ownResourceServer(auth: () => ResourceServer | undefined): () => SignInSource | undefined {
  return () => {
    const rs = auth();
    return rs && { metadata: async () => rs.metadata() as unknown as ProtectedResource, clientId: rs.settings.clientId };
  };
}

/** A server of its own (`server.command`): its metadata, fetched from it as any MCP client would. */
export function proxiedResourceServer(mcpUrl: string, clientId?: string): () => SignInSource {
  const source: SignInSource = {
    async metadata() {
      try {
        return (await discoverOAuthProtectedResourceMetadata(mcpUrl)) as ProtectedResource;
      } catch {
        return undefined; // no metadata (or the server is down): no sign-in to offer
      }
    },
    clientId,
  };
  return () => source;
}

export interface SignInRoutes {
  /** Answers `rest` (the path after the preview's prefix) when it is one of the sign-in routes. */
  handle(req: IncomingMessage, res: ServerResponse, rest: string, url: URL): Promise<boolean>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

function sendPage(res: ServerResponse, status: number, title: string, detail: string): void {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><h1>${escape(title)}</h1><p>${escape(detail)}</p><p><a href="/">Back to the preview</a></p>`;
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(body), "cache-control": "no-store" });
  res.end(body);
}

/** What the page shows of a token: its subject and scopes when it is a JWT (the resource server verifies it on each call). */
function describeToken(accessToken: string, scope: string | undefined, expiresIn: number | undefined): Session {
  let claims: Record<string, unknown> = {};
  try {
    claims = decodeJwt(accessToken);
  } catch {
    // An opaque token: the app's introspection knows who it is; the page says "signed in".
  }
  const scopes = typeof claims.scope === "string" ? claims.scope : scope;
  return {
    accessToken,
    subject: typeof claims.sub === "string" ? claims.sub : undefined,
    scopes: (scopes ?? "").split(" ").filter(Boolean),
    expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : typeof claims.exp === "number" ? claims.exp * 1000 : undefined,
  };
}

export function createSignInRoutes(sourceOf: () => SignInSource | undefined): SignInRoutes {
  const pending = new Map<string, Pending>();
  /** Clients registered dynamically, by issuer and redirect URI (the port may change between runs of dev, not within one). */
  const registered = new Map<string, OAuthClientInformationFull>();
  let session: Session | undefined;
  let renewal: Renewal | undefined;
  let renewing: Promise<boolean> | undefined;

  const signOut = () => {
    session = undefined;
    renewal = undefined;
  };

  /**
   * Renews the session with its refresh token, through the SDK's `refreshAuthorization`; one at a
   * time, since a provider that rotates refresh tokens refuses (and may revoke the grant on) a used one.
   * Without a refresh token, or when the provider refuses it, the preview is signed out.
   */
  const renew = (): Promise<boolean> => {
    renewing ??= (async () => {
      const from = renewal;
      if (!from) {
        signOut();
        return false;
      }
      try {
        const tokens = await refreshAuthorization(from.issuer, {
          metadata: from.metadata,
          clientInformation: from.client,
          refreshToken: from.refreshToken,
          resource: new URL(from.resource),
        });
        // Signed out (or in again) meanwhile: that wins.
        if (renewal !== from) return session !== undefined;
        session = describeToken(tokens.access_token, tokens.scope, tokens.expires_in);
        renewal = { ...from, refreshToken: tokens.refresh_token ?? from.refreshToken };
        return true;
      } catch {
        // Revoked, expired, or the provider is down: signed out, and the page shows the challenge.
        if (renewal === from) signOut();
        return false;
      }
    })().finally(() => (renewing = undefined));
    return renewing;
  };

  const signIn = async (source: SignInSource, prm: ProtectedResource & { authorization_servers: string[] }, req: IncomingMessage, res: ServerResponse) => {
    const issuer = prm.authorization_servers[0]!;
    // One redirect URI per port, whichever name the page was opened on: what a pre-registered client allows.
    const loopback = req.socket.localAddress?.includes(":") && req.socket.localAddress !== "::ffff:127.0.0.1" ? "[::1]" : "127.0.0.1";
    const redirectUri = `http://${loopback}:${req.socket.localPort}/__chatgpt-app${CALLBACK_PATH}`;
    const returnTo = `http://${req.headers.host}/`;
    const metadata = await discoverAuthorizationServerMetadata(issuer);
    // A refresh token where the provider offers one (the SDK then asks prompt=consent, as OpenID requires).
    const offline = metadata?.scopes_supported?.includes("offline_access") ? ["offline_access"] : [];
    const scope = [...(prm.scopes_supported ?? []), ...offline].join(" ") || undefined;
    let client: Pending["client"];
    if (source.clientId) client = { client_id: source.clientId };
    else {
      if (!metadata?.registration_endpoint) {
        sendPage(res, 400, "Cannot sign in", `${issuer} offers no dynamic client registration. Register a client with the redirect URI ${redirectUri} and set auth.clientId.`);
        return;
      }
      const key = `${issuer} ${redirectUri}`;
      let known = registered.get(key);
      if (!known) {
        known = await registerClient(issuer, {
          metadata,
          clientMetadata: { client_name: "chatgpt-app preview", redirect_uris: [redirectUri], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], token_endpoint_auth_method: "none", scope },
        });
        registered.set(key, known);
      }
      client = known;
    }
    const state = randomUUID();
    const { authorizationUrl, codeVerifier } = await startAuthorization(issuer, { metadata, clientInformation: client, redirectUrl: redirectUri, scope, state, resource: new URL(prm.resource) });
    pending.set(state, { verifier: codeVerifier, redirectUri, returnTo, resource: prm.resource, issuer, metadata, client });
    for (const old of pending.keys()) if (pending.size > 16) pending.delete(old);
    res.writeHead(302, { location: authorizationUrl.href, "cache-control": "no-store" });
    res.end();
  };

  const callback = async (res: ServerResponse, url: URL) => {
    const state = url.searchParams.get("state") ?? "";
    const flow = pending.get(state);
    pending.delete(state);
    const error = url.searchParams.get("error");
    if (error) return sendPage(res, 400, "Sign-in refused", `${error}: ${url.searchParams.get("error_description") ?? ""}`);
    const code = url.searchParams.get("code");
    if (!flow || !code) return sendPage(res, 400, "Sign-in expired", "This sign-in was not started here, or was already used. Sign in again from the preview.");
    const tokens = await exchangeAuthorization(flow.issuer, {
      metadata: flow.metadata,
      clientInformation: flow.client,
      authorizationCode: code,
      codeVerifier: flow.verifier,
      redirectUri: flow.redirectUri,
      resource: new URL(flow.resource),
    });
    session = describeToken(tokens.access_token, tokens.scope, tokens.expires_in);
    renewal = tokens.refresh_token
      ? { refreshToken: tokens.refresh_token, issuer: flow.issuer, metadata: flow.metadata, client: flow.client, resource: flow.resource }
      : undefined;
    res.writeHead(302, { location: flow.returnTo, "cache-control": "no-store" });
    res.end();
  };

  return {
    async handle(req, res, rest, url) {
      if (!rest.startsWith("/auth/")) return false;
      const source = sourceOf();
      const method = req.method ?? "GET";
      const metadata = async () => {
        const prm = await source?.metadata(req);
        return prm?.authorization_servers?.length ? (prm as ProtectedResource & { authorization_servers: string[] }) : undefined;
      };
      if (rest === "/auth/session" && method === "GET") {
        if (session?.expiresAt !== undefined && session.expiresAt <= Date.now()) await renew();
        sendJson(res, 200, { enabled: (await metadata()) !== undefined, signedIn: session !== undefined, ...(session ?? {}) });
        return true;
      }
      // The page's access token expired or was refused (HTTP 401): a new one, or signed out.
      if (rest === "/auth/refresh" && method === "POST") {
        const renewed = await renew();
        sendJson(res, renewed ? 200 : 401, { enabled: true, signedIn: renewed, ...(renewed ? session : {}) });
        return true;
      }
      if (rest === "/auth/sign-out" && method === "POST") {
        signOut();
        sendJson(res, 200, { signedIn: false });
        return true;
      }
      const starting = rest === "/auth/sign-in" && method === "GET";
      if (!starting && !(rest === CALLBACK_PATH && method === "GET")) return false;
      const prm = starting ? await metadata() : undefined;
      if (starting && (!source || !prm)) {
        sendPage(res, 404, "No sign-in here", "The MCP server's protected-resource metadata names no authorization server: set AUTH_ISSUER (or auth.issuer) to sign in.");
        return true;
      }
      try {
        await (starting ? signIn(source!, prm!, req, res) : callback(res, url));
      } catch (error) {
        if (!res.headersSent) sendPage(res, 502, "Sign-in failed", `${(error as Error).message} (the authorization server is ${prm?.authorization_servers[0] ?? "the one this sign-in started at"}).`);
      }
      return true;
    },
  };
}
