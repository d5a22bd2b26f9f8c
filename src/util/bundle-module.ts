import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

/** Where bundled user modules (config, server) are written before they are imported. */
export function cacheDir(root: string): string {
  const nodeModules = join(root, "node_modules");
  return existsSync(nodeModules) ? join(nodeModules, ".chatgpt-app") : join(root, ".chatgpt-app");
}

const exportsDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "exports");

/**
 * `chatgpt-app/*` imports in user code resolve to this very copy of chatgpt-app, so the
 * app and the host agree even when the CLI runs through npx without a local install.
 */
export const selfResolvePlugin: esbuild.Plugin = {
  name: "chatgpt-app-self",
  setup(build) {
    build.onResolve({ filter: /^chatgpt-app\/(server|testing|config)$/ }, (args) => ({
      path: pathToFileURL(join(exportsDir, `${args.path.slice("chatgpt-app/".length)}.js`)).href,
      external: true,
    }));
  },
};

/** esbuild options for a user's Node-side module: their code bundled, packages left to Node. */
export function nodeModuleOptions(root: string, entry: string, minify = false): esbuild.BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: join(cacheDir(root), "out.mjs"),
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    minify,
    metafile: true,
    logLevel: "silent",
    plugins: [selfResolvePlugin],
  };
}

/** Writes bundled code beside the project's node_modules and imports it (fresh each time). */
export async function importBundled(root: string, code: string, name: string): Promise<unknown> {
  // The bundle carries an inline source map: stack traces then point at the user's files.
  process.setSourceMapsEnabled(true);
  const dir = cacheDir(root);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  return import(`${pathToFileURL(file).href}?t=${Date.now()}-${Math.random().toString(36).slice(2)}`);
}

export function inputsOfMetafile(root: string, metafile: esbuild.Metafile | undefined): string[] {
  if (!metafile) return [];
  return Object.keys(metafile.inputs)
    .filter((input) => !input.includes(":"))
    .map((input) => resolve(root, input));
}
