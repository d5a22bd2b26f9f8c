import { CliError } from "../errors.js";
import { DEFAULT_PORT } from "../config/load-config.js";

export interface ServeOptions {
  port: number;
  host: string;
  allowedHosts: string[];
  basePath: string;
  publicUrl: string | undefined;
}

/** Public host names that hosting platforms announce in the environment. */
function platformHosts(env: NodeJS.ProcessEnv): string[] {
  const hosts: string[] = [];
  if (env.RENDER_EXTERNAL_HOSTNAME) hosts.push(env.RENDER_EXTERNAL_HOSTNAME);
  if (env.FLY_APP_NAME) hosts.push(`${env.FLY_APP_NAME}.fly.dev`);
  if (env.RAILWAY_PUBLIC_DOMAIN) hosts.push(env.RAILWAY_PUBLIC_DOMAIN);
  return hosts;
}

function onPlatform(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.RENDER || env.FLY_APP_NAME || env.RAILWAY_ENVIRONMENT || env.K_SERVICE);
}

/**
 * Where and how `start` listens: flags, then PORT / HOST / ALLOWED_HOSTS / BASE_URL, then
 * what the build recorded from the config. On Render, Fly and Railway it binds 0.0.0.0
 * and accepts the host name they announce.
 */
export function productionServeOptions(
  built: { port: number; host: string; allowedHosts: string[] },
  env: NodeJS.ProcessEnv,
  flags: { port?: number; host?: string },
): ServeOptions {
  let port = flags.port ?? built.port ?? DEFAULT_PORT;
  if (flags.port === undefined && env.PORT !== undefined && env.PORT !== "") {
    port = Number(env.PORT);
    if (!/^\d+$/.test(env.PORT) || port > 65535) {
      throw new CliError("env_invalid", `PORT must be a number from 0 to 65535, got "${env.PORT}".`);
    }
  }
  const host = flags.host ?? (env.HOST || undefined) ?? (onPlatform(env) ? "0.0.0.0" : built.host);
  const allowedHosts = [...built.allowedHosts, ...platformHosts(env)];
  for (const entry of (env.ALLOWED_HOSTS ?? "").split(",")) if (entry.trim()) allowedHosts.push(entry.trim());
  let basePath = "";
  let publicUrl: string | undefined;
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
  return { port, host, allowedHosts, basePath, publicUrl };
}
