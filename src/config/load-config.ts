import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { CliError, errorMessage } from "../errors.js";
import { importBundled, nodeModuleOptions } from "../util/bundle-module.js";
import { withDefaults, type ResolvedConfig, type UserConfig } from "./types.js";
import { validateConfig } from "./validate-config.js";

export const CONFIG_FILES = [
  "chatgpt-app.config.ts",
  "chatgpt-app.config.mts",
  "chatgpt-app.config.js",
  "chatgpt-app.config.mjs",
  "chatgpt-app.config.json",
] as const;

export { DEFAULT_BODY_LIMIT, DEFAULT_PORT, DEFAULT_SHUTDOWN_TIMEOUT, DEFAULT_SSE_KEEPALIVE } from "./types.js";

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
  const { server, widgets, ...settings } = withDefaults(config);
  const { dir, overrides, ...widgetDefaults } = config.widgets ?? {};
  return {
    ...settings,
    root,
    file,
    entry: resolve(root, server.entry),
    widgetsDir: resolve(root, widgets.dir),
    outDir: resolve(root, settings.outDir),
    widgetDefaults,
    widgetOverrides: overrides ?? {},
    server: { command: server.command, url: server.url, watch: server.watch ?? (server.command ? ["**/*.py"] : []) },
  };
}
