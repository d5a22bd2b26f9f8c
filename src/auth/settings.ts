import type { AppAuth } from "../app/types.js";
import type { UserConfig } from "../config/types.js";
import { CliError } from "../errors.js";
import { hostnameOf } from "../util/host-names.js";

/** The app's resource-server settings once env, config and app are merged. */
export interface AuthSettings {
  issuer: string;
  /** An audience someone set (AUTH_AUDIENCE, config, app); else it follows the server's URLs. */
  audience: string | undefined;
  scopes: string[];
  required: boolean;
  introspect: AppAuth["introspect"];
  clientId: string | undefined;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK.has(hostnameOf(url.host));
}

function checkUrl(value: string, name: string, example: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError("auth_invalid", `${name} is not a URL: "${value}".`, { hint: `e.g. ${example}` });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackUrl(url))) {
    throw new CliError("auth_invalid", `${name} must be an https URL (http only on this machine), got "${value}".`, { hint: `e.g. ${example}` });
  }
  return value;
}

/**
 * The resource-server settings, key by key: env `AUTH_ISSUER` / `AUTH_AUDIENCE` over the config's
 * `auth` over the app's `defineApp({ auth })`. Undefined when no issuer is named anywhere.
 */
export function resolveAuthSettings(sources: { app?: AppAuth; config?: UserConfig["auth"]; env: NodeJS.ProcessEnv }): AuthSettings | undefined {
  const app = sources.app ?? {};
  const config = sources.config ?? {};
  const env = sources.env;
  const issuer = env.AUTH_ISSUER?.trim() || config.issuer || app.issuer;
  const audience = env.AUTH_AUDIENCE?.trim() || config.audience || app.audience;
  if (!issuer) {
    // Scopes alone (a scaffolded app before its issuer is set) leave auth off; a required sign-in never does.
    if (!(config.required ?? app.required)) return undefined;
    throw new CliError("auth_invalid", "auth.required is set, but no issuer is: tokens cannot be checked.", {
      hint: "Name the authorization server: AUTH_ISSUER=https://your-tenant.example.com/ (or auth.issuer in the config or the app).",
    });
  }
  checkUrl(issuer, "The auth issuer", "AUTH_ISSUER=https://your-tenant.us.auth0.com/");
  if (audience) checkUrl(audience, "The auth audience", "AUTH_AUDIENCE=https://my-app.example.com/mcp");
  return {
    issuer,
    audience,
    scopes: config.scopes ?? app.scopes ?? [],
    required: config.required ?? app.required ?? false,
    introspect: config.introspect ?? app.introspect,
    clientId: config.clientId ?? app.clientId,
  };
}

/** Where an RFC 9728 client finds the metadata of a resource: the path-aware well-known URL. */
export function metadataUrlFor(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** The loopback spellings of a local MCP URL: a token for any of them names this server. */
export function loopbackAliases(localUrl: string): string[] {
  const url = new URL(localUrl);
  if (!isLoopbackUrl(url)) return [localUrl];
  return ["127.0.0.1", "localhost", "[::1]"].map((name) => `${url.protocol}//${name}${url.port ? `:${url.port}` : ""}${url.pathname}`);
}
