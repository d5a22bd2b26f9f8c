import type { AppAuth } from "../app/types.js";
import type { UserConfig } from "../config/types.js";
import { ResourceServer, type ResourceServerOptions } from "./resource-server.js";
import { resolveAuthSettings } from "./settings.js";

export { ResourceServer } from "./resource-server.js";
export { resolveAuthSettings, type AuthSettings } from "./settings.js";

/**
 * The app's resource server when an issuer is named (env AUTH_ISSUER, the config's or the app's
 * `auth.issuer`), else undefined: the app serves everyone, as before.
 */
export function createResourceServer(
  sources: { app?: AppAuth; config?: UserConfig["auth"]; env: NodeJS.ProcessEnv } & Omit<ResourceServerOptions, "settings">,
): ResourceServer | undefined {
  const settings = resolveAuthSettings(sources);
  if (!settings) return undefined;
  return new ResourceServer({ ...sources, settings });
}
