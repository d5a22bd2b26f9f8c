import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import type { AuthSettings } from "./settings.js";
import { Issuer, IssuerUnavailableError } from "./issuer.js";

/** Why a token was refused: its text goes to the client as `error_description`, never the token. */
export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidTokenError";
  }
}

function scopesOf(claims: Record<string, unknown>): string[] {
  const scope = claims.scope ?? claims.scp;
  if (typeof scope === "string") return scope.split(" ").filter(Boolean);
  if (Array.isArray(scope)) return scope.filter((s): s is string => typeof s === "string");
  return [];
}

function audiencesOf(claims: Record<string, unknown>): string[] {
  const aud = claims.aud;
  return typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === "string") : [];
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** The identity handlers see as the SDK's `authInfo`: `extra.sub` is the user, `extra.claims` every claim. */
function authInfoOf(token: string, claims: Record<string, unknown>, accepted: string[]): AuthInfo {
  const aud = audiencesOf(claims).find((a) => accepted.includes(trimSlash(a)));
  let resource: URL | undefined;
  try {
    resource = aud ? new URL(aud) : undefined;
  } catch {
    resource = undefined;
  }
  const clientId = claims.client_id ?? claims.azp ?? claims.cid;
  return {
    token,
    clientId: typeof clientId === "string" ? clientId : "",
    scopes: scopesOf(claims),
    expiresAt: typeof claims.exp === "number" ? claims.exp : undefined,
    resource,
    extra: { sub: typeof claims.sub === "string" ? claims.sub : undefined, claims },
  };
}

function looksLikeJwt(token: string): boolean {
  return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(token);
}

function describeJoseError(error: unknown): string | undefined {
  if (error instanceof joseErrors.JWTExpired) return "The access token has expired.";
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === "aud") return "The access token was issued for another audience (resource); request it for this server's URL.";
    if (error.claim === "iss") return "The access token was issued by another authorization server.";
    if (error.claim === "nbf") return "The access token is not valid yet (nbf).";
    return `The access token's "${error.claim}" claim is not acceptable.`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return "The access token's signature does not verify.";
  if (error instanceof joseErrors.JWKSNoMatchingKey) return "The access token is signed with a key the authorization server does not publish.";
  if (error instanceof joseErrors.JWSInvalid || error instanceof joseErrors.JWTInvalid || error instanceof joseErrors.JOSEAlgNotAllowed || error instanceof joseErrors.JOSENotSupported) {
    return "The access token is not a valid JWT.";
  }
  if (error instanceof joseErrors.JWKSMultipleMatchingKeys) return "The access token names an ambiguous key.";
  return undefined;
}

const CACHE_LIMIT = 1000;

/**
 * Checks bearer tokens: JWTs against the issuer's published keys (issuer, audience, expiry,
 * not-before, signature), opaque tokens through the app's `introspect`. A verified JWT is kept
 * until it expires (at most a minute, at most CACHE_LIMIT of them), so a busy client costs one
 * signature check a minute.
 */
export class TokenVerifier {
  #settings: AuthSettings;
  #issuer: Issuer;
  #cache = new Map<string, { info: AuthInfo; audiences: string[]; until: number }>();

  constructor(settings: AuthSettings, issuer: Issuer) {
    this.#settings = settings;
    this.#issuer = issuer;
  }

  /** The token's identity if it names one of the `audiences`; throws InvalidTokenError (HTTP 401) or IssuerUnavailableError (503). */
  async verify(token: string, audiences: string[]): Promise<AuthInfo> {
    const cached = this.#cache.get(token);
    // A token checked before for another name of this server is checked again here (and refused, unless it names this one too).
    if (cached && cached.until > Date.now() && cached.audiences.some((a) => audiences.includes(a) || audiences.includes(`${a}/`))) return cached.info;
    if (cached && cached.until <= Date.now()) this.#cache.delete(token);
    const accepted = audiences.map(trimSlash);
    if (!looksLikeJwt(token)) return this.#introspect(token, accepted);

    const { metadata, keys } = await this.#issuer.get();
    if (!keys) throw new IssuerUnavailableError(this.#issuer.issuer, "its metadata has no jwks_uri, so JWTs cannot be checked");
    let payload: JWTPayload;
    try {
      // Audiences are matched with and without a trailing slash.
      ({ payload } = await jwtVerify(token, keys, { issuer: metadata.issuer, audience: accepted.flatMap((a) => [a, `${a}/`]) }));
    } catch (error) {
      const described = describeJoseError(error);
      if (described) throw new InvalidTokenError(described);
      throw new IssuerUnavailableError(this.#issuer.issuer, `its keys could not be fetched: ${(error as Error).message}`);
    }
    const info = authInfoOf(token, payload as Record<string, unknown>, accepted);
    this.#remember(token, info, audiencesOf(payload as Record<string, unknown>).map(trimSlash));
    return info;
  }

  #remember(token: string, info: AuthInfo, audiences: string[]): void {
    const until = Math.min(Date.now() + 60_000, (info.expiresAt ?? Infinity) * 1000);
    if (this.#cache.size >= CACHE_LIMIT) this.#cache.delete(this.#cache.keys().next().value!);
    this.#cache.set(token, { info, audiences, until });
  }

  async #introspect(token: string, accepted: string[]): Promise<AuthInfo> {
    const introspect = this.#settings.introspect;
    if (!introspect) throw new InvalidTokenError("The access token is not a JWT, and this app has no auth.introspect to check opaque tokens.");
    const result = await introspect(token);
    if (!result || result.active !== true) throw new InvalidTokenError("The access token is not active.");
    if (typeof result.exp === "number" && result.exp * 1000 <= Date.now()) throw new InvalidTokenError("The access token has expired.");
    const audiences = audiencesOf(result);
    if (audiences.length > 0 && !audiences.some((a) => accepted.includes(trimSlash(a)))) {
      throw new InvalidTokenError("The access token was issued for another audience (resource); request it for this server's URL.");
    }
    return authInfoOf(token, result, accepted);
  }
}
