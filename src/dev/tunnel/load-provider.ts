import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import type { ResolvedConfig } from "../../config/types.js";
import { CliError, errorMessage } from "../../errors.js";
import { importBundled, nodeModuleOptions } from "../../util/bundle-module.js";
import { BUILT_IN_PROVIDERS, DEFAULT_PROVIDER } from "./registry.js";
import type { TunnelProvider, TunnelSettings } from "./types.js";

/** `CHATGPT_APP_TUNNEL_PROVIDER` (the environment form of `tunnel.provider`), the config's, or the default. */
export function tunnelProviderName(config: ResolvedConfig["tunnel"], env: NodeJS.ProcessEnv): { name: string; from: string } {
  const fromEnv = env.CHATGPT_APP_TUNNEL_PROVIDER?.trim();
  if (fromEnv) return { name: fromEnv, from: "CHATGPT_APP_TUNNEL_PROVIDER" };
  if (config.provider) return { name: config.provider, from: "tunnel.provider" };
  return { name: DEFAULT_PROVIDER, from: "the default tunnel provider" };
}

const looksLikePath = (name: string) => name.startsWith(".") || isAbsolute(name) || /[\\/]/.test(name);

function invalid(from: string, message: string): CliError {
  return new CliError("tunnel_provider_invalid", `${from}: ${message}`, {
    hint: `Name a built-in provider (${Object.keys(BUILT_IN_PROVIDERS).join(", ")}) or a module path such as ./tunnel.ts whose default export is { name, start(options) }.`,
  });
}

/**
 * The tunnel provider a name stands for: a built-in one (the registry), or a module, relative to
 * the project, whose default export is a TunnelProvider (TypeScript is bundled first, as the config is).
 */
export async function loadTunnelProvider(name: string, root: string, from = "tunnel.provider"): Promise<TunnelProvider> {
  const builtIn = Object.hasOwn(BUILT_IN_PROVIDERS, name) ? BUILT_IN_PROVIDERS[name] : undefined;
  if (builtIn) return (await builtIn()).default;
  if (!looksLikePath(name)) throw invalid(from, `"${name}" is not a built-in tunnel provider.`);
  const file = resolve(root, name);
  if (!existsSync(file)) throw invalid(from, `${file} does not exist.`);
  let module: { default?: Partial<TunnelProvider> };
  try {
    if (/\.[cm]?js$/.test(file)) module = (await import(pathToFileURL(file).href)) as typeof module;
    else {
      const built = await esbuild.build(nodeModuleOptions(root, file));
      module = (await importBundled(root, built.outputFiles![0]!.text, "tunnel-provider")) as typeof module;
    }
  } catch (error) {
    throw invalid(from, `could not load ${file}: ${errorMessage(error)}`);
  }
  const provider = module.default;
  if (!provider || typeof provider.start !== "function") throw invalid(from, `${file} has no default export with start().`);
  return { name: provider.name ?? "custom", authtoken: provider.authtoken, start: provider.start.bind(provider) };
}

/**
 * On unless `--no-tunnel` or `tunnel.enabled: false`; for a provider with a token, only once the
 * token is there (its environment variable, from the environment or `.env`, or `tunnel.authtoken`).
 * Decided before the provider starts: no token, no call.
 */
export function tunnelSettings(
  flags: { tunnel?: boolean; tunnelDomain?: string },
  config: ResolvedConfig["tunnel"],
  env: NodeJS.ProcessEnv,
  provider: Pick<TunnelProvider, "authtoken">,
): TunnelSettings {
  const wanted = flags.tunnel ?? config.enabled;
  if (wanted === false) return { enabled: false, reason: "disabled", asked: false };
  const authtoken = (provider.authtoken ? env[provider.authtoken.env]?.trim() : undefined) || config.authtoken?.trim() || "";
  if (provider.authtoken && !authtoken) return { enabled: false, reason: "no_token", asked: wanted === true };
  return { enabled: true, authtoken, domain: flags.tunnelDomain ?? config.domain };
}
