import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { CliError, errorMessage } from "../errors.js";
import { importBundled, nodeModuleOptions } from "../util/bundle-module.js";
import type { ResolvedConfig, UserConfig } from "./types.js";
import { validateConfig } from "./validate-config.js";

export const CONFIG_FILES = [
  "chatgpt-app.config.ts",
  "chatgpt-app.config.mts",
  "chatgpt-app.config.js",
  "chatgpt-app.config.mjs",
  "chatgpt-app.config.json",
] as const;

export const DEFAULT_PORT = 8787;
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;
/** Seconds `start` lets requests in flight finish after SIGTERM. */
export const DEFAULT_SHUTDOWN_TIMEOUT = 10;
/** Seconds between keep-alive comments on event streams: under the idle timeouts of common proxies (nginx 60 s). */
export const DEFAULT_SSE_KEEPALIVE = 15;

export function findConfigFile(root: string): string | undefined {
  return CONFIG_FILES.map((name) => join(root, name)).find((file) => existsSync(file));
}

async function readConfigFile(file: string, root: string): Promise<unknown> {
  const name = basename(file);
  if (file.endsWith(".json")) {
    try {
      return JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new CliError("config_invalid", `${name} is not valid JSON: ${errorMessage(error)}`, {
        location: file,
        hint: "Fix the JSON syntax (no comments or trailing commas).",
      });
    }
  }
  let code: string;
  try {
    const result = await esbuild.build(nodeModuleOptions(root, file));
    code = result.outputFiles![0]!.text;
  } catch (error) {
    const errors = (error as esbuild.BuildFailure).errors;
    const detail = errors?.length
      ? (await esbuild.formatMessages(errors, { kind: "error" })).join("").trimEnd()
      : errorMessage(error);
    throw new CliError("config_invalid", `${name} does not compile:\n${detail}`, { location: file });
  }
  let module: { default?: unknown };
  try {
    module = (await importBundled(root, code, "config")) as { default?: unknown };
  } catch (error) {
    throw new CliError("config_invalid", `${name} threw while loading: ${errorMessage(error)}`, {
      location: file,
      hint: "The config runs once at start-up; keep it to plain values.",
    });
  }
  if (module.default === undefined) {
    throw new CliError("config_invalid", `${name} has no default export.`, {
      location: file,
      hint: 'Write: import { defineConfig } from "chatgpt-app/config"; export default defineConfig({ … })',
    });
  }
  return typeof module.default === "function" ? await (module.default as () => unknown)() : module.default;
}

/** Loads `chatgpt-app.config.*` (if any) from `root` and fills in the defaults. */
export async function loadConfig(rootDir: string, options: { configFile?: string } = {}): Promise<ResolvedConfig> {
  const root = resolve(rootDir);
  const file = options.configFile ? resolve(root, options.configFile) : findConfigFile(root);
  if (options.configFile && !existsSync(file!)) {
    throw new CliError("config_not_found", `Config file ${options.configFile} does not exist.`, {
      hint: `Looked for ${file}.`,
    });
  }
  const raw = file ? await readConfigFile(file, root) : {};
  const config = validateConfig(raw, file ? basename(file) : "config");
  return resolveConfig(root, file, config);
}

export function resolveConfig(root: string, file: string | undefined, config: UserConfig): ResolvedConfig {
  const { dir, overrides, ...widgetDefaults } = config.widgets ?? {};
  return {
    root,
    file,
    entry: resolve(root, config.server?.entry ?? "server/index.ts"),
    widgetsDir: resolve(root, dir ?? "widgets"),
    outDir: resolve(root, config.outDir ?? "dist"),
    port: config.port ?? DEFAULT_PORT,
    host: config.host ?? "127.0.0.1",
    allowedHosts: config.allowedHosts ?? [],
    bodyLimit: config.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: config.trustProxy,
    shutdownTimeout: config.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT,
    sseKeepAlive: config.sseKeepAlive ?? DEFAULT_SSE_KEEPALIVE,
    widgetDefaults,
    widgetOverrides: overrides ?? {},
    server: {
      command: config.server?.command,
      url: config.server?.url,
      watch: config.server?.watch ?? (config.server?.command ? ["**/*.py"] : []),
    },
    tunnel: {
      enabled: config.tunnel?.enabled,
      provider: config.tunnel?.provider,
      authtoken: config.tunnel?.authtoken,
      domain: config.tunnel?.domain,
    },
    lint: { preset: config.lint?.preset ?? "recommended", rules: config.lint?.rules ?? {} },
  };
}
