import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { SecurityScheme } from "../app/types.js";
import { carriedRequestOrigin } from "../util/request-origin.js";
import { bearerChallenge, toolAuthNeed, toolChallengeResult } from "./challenge.js";
import { Issuer, IssuerUnavailableError, type IssuerOptions } from "./issuer.js";
import { loopbackAliases, metadataUrlFor, type AuthSettings } from "./settings.js";
import { InvalidTokenError, TokenVerifier } from "./verify.js";

/** What the HTTP layer does with a request after its token check. */
export type AuthOutcome =
  | { authInfo?: AuthInfo }
  | { refusal: { status: number; headers: Record<string, string>; message: string } };

export interface ResourceServerOptions {
  settings: AuthSettings;
  /** The public MCP URL (BASE_URL, the platform's announced host, dev's tunnel); the audience when none is set. */
  publicUrl?: string;
  /** dev: tokens for the local URL are accepted beside the public (tunnel) one. */
  acceptLocal?: boolean;
  issuer?: IssuerOptions;
}

const METADATA_PATH = "/.well-known/oauth-protected-resource";

/**
 * The app as an OAuth 2.1 resource server (MCP authorization, RFC 9728): protected-resource
 * metadata, the bearer check of every MCP request (what `req.auth`, and so the SDK's
 * `authInfo`, gets), and the per-tool challenge of `oauth2` tools called without a token.
 */
export class ResourceServer {
  readonly settings: AuthSettings;
  #publicUrl: string | undefined;
  #localUrl: string | undefined;
  #acceptLocal: boolean;
  #verifier: TokenVerifier;
  /** What every request asks, worked out once per change of the URLs (the bearer check is on every call's path). */
  #memo: { audiences: string[]; publicHost: string | undefined; path: string; resources: Map<string, string> } | undefined;

  constructor(options: ResourceServerOptions) {
    this.settings = options.settings;
    this.#publicUrl = options.publicUrl;
    this.#acceptLocal = options.acceptLocal ?? false;
    this.#verifier = new TokenVerifier(options.settings, new Issuer(options.settings.issuer, options.issuer));
  }

  /** The local MCP URL, once the server listens (its port may have been chosen then). */
  setLocalUrl(url: string): void {
    this.#localUrl = url;
    this.#memo = undefined;
  }

  /** dev: the tunnel's MCP URL, which the audience follows (undefined while the tunnel is down). */
  setPublicUrl(url: string | undefined): void {
    this.#publicUrl = url;
    this.#memo = undefined;
  }

  #known() {
    if (this.#memo) return this.#memo;
    const local = this.#localUrl ? loopbackAliases(this.#localUrl) : [];
    const audiences = !this.#publicUrl ? local : this.#acceptLocal ? [this.#publicUrl, ...local] : [this.#publicUrl];
    const main = this.#publicUrl ?? this.#localUrl ?? "http://127.0.0.1/mcp";
    const publicHost = this.#publicUrl ? new URL(this.#publicUrl).host : undefined;
    return (this.#memo = { audiences, publicHost, path: new URL(this.#localUrl ?? main).pathname, resources: new Map() });
  }

  /** The audiences a token may name (`aud`) whatever name it comes through; the URL a request came in on passes too. */
  get audiences(): string[] {
    if (this.settings.audience) return [this.settings.audience];
    return this.#known().audiences;
  }

  /**
   * The resource a request reached: the MCP URL on the origin it came in on (which the HTTP layer
   * worked out from its allowed Host, or the trusted proxy's X-Forwarded-Host and -Proto), the public
   * URL itself when that is the name it came through, the main URL outside a request. A set
   * audience is the resource whatever the name.
   */
  resourceFor(origin?: string): string {
    if (this.settings.audience) return this.settings.audience;
    if (!origin) return this.#publicUrl ?? this.#localUrl ?? "http://127.0.0.1/mcp";
    const known = this.#known();
    let resource = known.resources.get(origin);
    if (resource === undefined) {
      const reached = new URL(origin);
      resource = known.publicHost === reached.host ? this.#publicUrl! : `${reached.origin}${known.path}`;
      // Origins are allowed names only, but `*.example.com` allows many: the memo stays small.
      if (known.resources.size < 64) known.resources.set(origin, resource);
    }
    return resource;
  }

  /** RFC 9728 metadata for the resource a request reached. */
  metadata(origin?: string): Record<string, unknown> {
    return {
      resource: this.resourceFor(origin),
      authorization_servers: [this.settings.issuer],
      ...(this.settings.scopes.length ? { scopes_supported: this.settings.scopes } : {}),
      bearer_methods_supported: ["header"],
    };
  }

  /** Answers `/.well-known/oauth-protected-resource` and its path-aware forms; true when it did. */
  serveMetadata(req: IncomingMessage, res: ServerResponse, url: URL, origin?: string): boolean {
    if (url.pathname !== METADATA_PATH && !url.pathname.startsWith(`${METADATA_PATH}/`)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const body = JSON.stringify(this.metadata(origin));
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  }

  #refuse(resource: string, status: number, error: string | undefined, description: string, scope?: string[]): AuthOutcome {
    const resourceMetadata = metadataUrlFor(resource);
    const headers = { "www-authenticate": bearerChallenge({ resourceMetadata, error, description: error ? description : undefined, scope }) };
    return { refusal: { status, headers, message: description } };
  }

  /** The bearer check of one MCP request. Never logs, echoes or keeps the token anywhere but the verified-token cache. */
  async authenticate(req: IncomingMessage, origin?: string): Promise<AuthOutcome> {
    const header = req.headers.authorization;
    const scopes = this.settings.scopes;
    const resource = this.resourceFor(origin);
    if (header === undefined || header.trim() === "") {
      if (!this.settings.required) return {};
      return this.#refuse(resource, 401, undefined, "This server needs an access token: sign in through its authorization server.", scopes);
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return this.#refuse(resource, 401, "invalid_request", "Send the access token as Authorization: Bearer <token>.");
    let authInfo: AuthInfo;
    try {
      // A token for the very URL the request came in on names this server, whichever allowed name that was.
      const audiences = this.audiences;
      authInfo = await this.#verifier.verify(match[1]!, audiences.includes(resource) ? audiences : [...audiences, resource]);
    } catch (error) {
      if (error instanceof InvalidTokenError) return this.#refuse(resource, 401, "invalid_token", error.message);
      const message = error instanceof IssuerUnavailableError ? error.message : `auth.introspect failed: ${(error as Error).message}`;
      return { refusal: { status: 503, headers: { "retry-after": "5" }, message } };
    }
    if (this.settings.required) {
      const missing = scopes.filter((s) => !authInfo.scopes.includes(s));
      if (missing.length) return this.#refuse(resource, 403, "insufficient_scope", `The access token lacks the scope ${missing.join(" ")}.`, scopes);
    }
    return { authInfo };
  }

  /**
   * Before a tool runs: the challenge result of an `oauth2`-only tool called without a token
   * (or without its scopes), else undefined. Tools listing `noauth` too always run; their
   * handler sees `authInfo` when a token came. The challenge names the origin the call came in
   * on: `origin` when the server answering was built for that request or session, else the one
   * the call's context carries (the 2026-07-28 bridge), else the main URL.
   */
  authorizeTool = (tool: string, schemes: SecurityScheme[] | undefined, extra: { authInfo?: AuthInfo }, origin = carriedRequestOrigin(extra)) => {
    const need = toolAuthNeed(schemes);
    if (!need || need.anonymous) return undefined;
    const resourceMetadata = metadataUrlFor(this.resourceFor(origin));
    const scope = need.scopes.length ? need.scopes : this.settings.scopes;
    if (!extra.authInfo) {
      return toolChallengeResult({ tool, resourceMetadata, error: "invalid_request", description: `Sign in to use ${tool}: it needs your account.`, scope });
    }
    const missing = need.scopes.filter((s) => !extra.authInfo!.scopes.includes(s));
    if (missing.length === 0) return undefined;
    return toolChallengeResult({ tool, resourceMetadata, error: "insufficient_scope", description: `${tool} needs the scope ${missing.join(" ")}; sign in again to grant it.`, scope });
  };
}
