import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";

/** The part of RFC 8414 / OpenID discovery metadata the resource server reads. */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri?: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  registration_endpoint?: string;
  introspection_endpoint?: string;
  code_challenge_methods_supported?: string[];
  [key: string]: unknown;
}

/** The authorization server cannot be reached (or answers nonsense) right now; calls needing a token wait for it. */
export class IssuerUnavailableError extends Error {
  constructor(issuer: string, why: string) {
    super(`The authorization server ${issuer} cannot be reached (${why}); calls that need a token fail until it answers.`);
    this.name = "IssuerUnavailableError";
  }
}

export interface IssuerOptions {
  /** Milliseconds before a failed discovery is tried again (default 2 s): a flood of calls makes one request. */
  retryMs?: number;
  /** Milliseconds each metadata or key fetch may take (default 5 s). */
  timeoutMs?: number;
  /** Milliseconds after a key-set fetch before a token with an unknown key id may fetch again (default 5 s). */
  keysCooldownMs?: number;
}

function wellKnownUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = url.pathname.replace(/\/+$/, "");
  // RFC 8414 inserts the well-known segment before the path; OpenID discovery appends it.
  const urls = [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}${path}/.well-known/openid-configuration`];
  if (path) urls.push(`${url.origin}/.well-known/openid-configuration${path}`);
  return urls;
}

const sameIssuer = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

/**
 * One authorization server, found lazily: its metadata and then its key set are fetched on the
 * first token, kept, and fetched again after a failure (at most every `retryMs`). jose's remote
 * key set refetches when a token names a key it does not hold, which is how rotated keys arrive.
 */
export class Issuer {
  readonly issuer: string;
  #options: Required<IssuerOptions>;
  #found: Promise<{ metadata: IssuerMetadata; keys: JWTVerifyGetKey | undefined }> | undefined;
  #failedAt = 0;
  #failure: IssuerUnavailableError | undefined;

  constructor(issuer: string, options: IssuerOptions = {}) {
    this.issuer = issuer;
    this.#options = { retryMs: options.retryMs ?? 2000, timeoutMs: options.timeoutMs ?? 5000, keysCooldownMs: options.keysCooldownMs ?? 5000 };
  }

  /** The metadata and key set, or IssuerUnavailableError while the server cannot be reached. */
  async get(): Promise<{ metadata: IssuerMetadata; keys: JWTVerifyGetKey | undefined }> {
    if (!this.#found) {
      if (this.#failure && Date.now() - this.#failedAt < this.#options.retryMs) throw this.#failure;
      this.#found = this.#discover();
      this.#found.catch((error: unknown) => {
        this.#found = undefined;
        this.#failedAt = Date.now();
        this.#failure = error instanceof IssuerUnavailableError ? error : new IssuerUnavailableError(this.issuer, String(error));
      });
    }
    return this.#found;
  }

  async #discover(): Promise<{ metadata: IssuerMetadata; keys: JWTVerifyGetKey | undefined }> {
    const reasons: string[] = [];
    for (const url of wellKnownUrls(this.issuer)) {
      let response: Response;
      try {
        response = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(this.#options.timeoutMs) });
      } catch (error) {
        reasons.push(`${url}: ${(error as Error).cause ? String((error as Error & { cause: Error }).cause.message ?? (error as Error).cause) : (error as Error).message}`);
        continue;
      }
      if (!response.ok) {
        reasons.push(`${url}: HTTP ${response.status}`);
        await response.body?.cancel();
        continue;
      }
      const metadata = (await response.json().catch(() => undefined)) as IssuerMetadata | undefined;
      if (!metadata || typeof metadata.issuer !== "string") {
        reasons.push(`${url}: not authorization server metadata`);
        continue;
      }
      if (!sameIssuer(metadata.issuer, this.issuer)) {
        // RFC 8414 §3.3: metadata naming another issuer must not be used.
        throw new IssuerUnavailableError(this.issuer, `its metadata names another issuer, "${metadata.issuer}"; set the issuer to exactly that`);
      }
      const keys = typeof metadata.jwks_uri === "string"
        ? createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: this.#options.timeoutMs, cooldownDuration: this.#options.keysCooldownMs })
        : undefined;
      return { metadata, keys };
    }
    throw new IssuerUnavailableError(this.issuer, reasons.join("; "));
  }
}
