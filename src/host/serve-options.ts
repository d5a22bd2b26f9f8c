import { CliError } from "../errors.js";
import { DEFAULT_PORT, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_SSE_KEEPALIVE } from "../config/load-config.js";
import { normalizeAllowedHost } from "./security.js";

/** Seconds a 2026-07-28 client may reuse `start`'s lists and reads: short, so a deploy shows soon. */
export const DEFAULT_CACHE_TTL = 60;

export interface ServeOptions {
  port: number;
  host: string;
  allowedHosts: string[];
  basePath: string;
  /** The public origin (and mount path) from BASE_URL or the platform's announced host name. */
  publicUrl: string | undefined;
  /** Honour X-Forwarded-Host: TRUST_PROXY, the config's `trustProxy`, else on where a platform says it proxies. */
  trustProxy: boolean;
  /** Seconds requests in flight get to finish after SIGTERM. */
  shutdownTimeout: number;
  /** Seconds between keep-alive comments on event streams. */
  sseKeepAlive: number;
  /** Seconds 2026-07-28 clients may reuse list and read results (`ttlMs`), from CACHE_TTL. */
  cacheTtl: number;
}

/** What the build recorded from the config (older builds lack the later keys). */
export interface BuiltServeOptions {
  port: number;
  host: string;
  allowedHosts: string[];
  trustProxy?: boolean;
  shutdownTimeout?: number;
  sseKeepAlive?: number;
}

/** Public host names that hosting platforms announce in the environment. */
function platformHosts(env: NodeJS.ProcessEnv): string[] {
  const hosts: string[] = [];
  if (env.RENDER_EXTERNAL_HOSTNAME) hosts.push(env.RENDER_EXTERNAL_HOSTNAME);
  if (env.FLY_APP_NAME) hosts.push(`${env.FLY_APP_NAME}.fly.dev`);
  if (env.RAILWAY_PUBLIC_DOMAIN) hosts.push(env.RAILWAY_PUBLIC_DOMAIN);
  return hosts;
}

/** Render, Fly, Railway, Heroku and Cloud Run: behind the platform's own proxy, reachable only through it. */
function onPlatform(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.RENDER || env.FLY_APP_NAME || env.RAILWAY_ENVIRONMENT || env.DYNO || env.K_SERVICE);
}

function envBoolean(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const value = env[name]?.trim().toLowerCase();
  if (!value) return undefined;
  if (["1", "true", "yes", "on"].includes(value)) return true;
  if (["0", "false", "no", "off"].includes(value)) return false;
  throw new CliError("env_invalid", `${name} must be true or false, got "${env[name]}".`, { hint: `e.g. ${name}=true` });
}

function envSeconds(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const value = env[name]?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || seconds < min || seconds > 3600) {
    throw new CliError("env_invalid", `${name} must be a number of seconds from ${min} to 3600, got "${env[name]}".`, { hint: `e.g. ${name}=10` });
  }
  return seconds;
}

/**
 * Where and how `start` listens: flags, then PORT / HOST / ALLOWED_HOSTS / BASE_URL /
 * TRUST_PROXY / SHUTDOWN_TIMEOUT / SSE_KEEPALIVE / CACHE_TTL, then what the build recorded from the
 * config. On Render, Fly, Railway, Heroku and Cloud Run it binds 0.0.0.0, trusts the
 * platform's proxy and accepts the host name they announce.
 */
export function productionServeOptions(built: BuiltServeOptions, env: NodeJS.ProcessEnv, flags: { port?: number; host?: string }): ServeOptions {
  let port = flags.port ?? built.port ?? DEFAULT_PORT;
  if (flags.port === undefined && env.PORT !== undefined && env.PORT !== "") {
    port = Number(env.PORT);
    if (!/^\d+$/.test(env.PORT) || port > 65535) {
      throw new CliError("env_invalid", `PORT must be a number from 0 to 65535, got "${env.PORT}".`);
    }
  }
  const host = flags.host ?? (env.HOST || undefined) ?? (onPlatform(env) ? "0.0.0.0" : built.host);
  const allowedHosts = [...built.allowedHosts, ...platformHosts(env)];
  for (const entry of (env.ALLOWED_HOSTS ?? "").split(",")) {
    // Checked here, so a bad entry is named before anything listens.
    if (normalizeAllowedHost(entry, "ALLOWED_HOSTS")) allowedHosts.push(entry.trim());
  }
  let basePath = "";
  const announced = platformHosts(env)[0];
  let publicUrl = announced ? `https://${announced}` : undefined;
  if (env.BASE_URL) {
    let url: URL;
    try {
      url = new URL(env.BASE_URL);
    } catch {
      throw new CliError("env_invalid", `BASE_URL is not a URL: "${env.BASE_URL}".`, {
        hint: "Use the public origin, e.g. BASE_URL=https://my-app.onrender.com",
      });
    }
    allowedHosts.push(url.hostname);
    basePath = url.pathname.replace(/\/+$/, "");
    publicUrl = `${url.origin}${basePath}`;
  }
  return {
    port,
    host,
    allowedHosts,
    basePath,
    publicUrl,
    trustProxy: envBoolean(env, "TRUST_PROXY") ?? built.trustProxy ?? onPlatform(env),
    shutdownTimeout: envSeconds(env, "SHUTDOWN_TIMEOUT", 0) ?? built.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT,
    sseKeepAlive: envSeconds(env, "SSE_KEEPALIVE", 0.1) ?? built.sseKeepAlive ?? DEFAULT_SSE_KEEPALIVE,
    cacheTtl: envSeconds(env, "CACHE_TTL", 0) ?? DEFAULT_CACHE_TTL,
  };
}
