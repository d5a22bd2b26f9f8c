/**
 * The preview page's browser code, bundled by esbuild the first time it is asked for (not at
 * dev start, which has a budget): the page script (the official MCP SDK client and ext-apps'
 * AppBridge) and the `window.openai` layer injected into widget frames.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

export interface PreviewAssets {
  /** The page's ES module. */
  pageScript: string;
  /** The script injected first into every widget frame. */
  frameShim: string;
}

const CLIENT_DIR = join(dirname(fileURLToPath(import.meta.url)), "client");

/** `client/<name>.ts` when running from source (tests through tsx), `.js` once compiled to dist/. */
function clientEntry(name: string): string {
  for (const ext of [".ts", ".js"]) {
    const path = join(CLIENT_DIR, name + ext);
    if (existsSync(path)) return path;
  }
  throw new Error(`The preview's browser code is missing (${join(CLIENT_DIR, name)}.js); reinstall chatgpt-app.`);
}

async function bundle(name: string, format: esbuild.Format): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [clientEntry(name)],
    bundle: true,
    write: false,
    format,
    platform: "browser",
    target: ["es2022", "chrome111", "safari16.4", "firefox115"],
    minify: true,
    legalComments: "none",
    logLevel: "silent",
    // The SDK client reads process.env in a few places; the page has none.
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return result.outputFiles[0]!.text;
}

let cached: Promise<PreviewAssets> | undefined;

/** The bundled assets, built once per process. A failed build is retried on the next call. */
export function loadPreviewAssets(): Promise<PreviewAssets> {
  cached ??= Promise.all([bundle("main", "esm"), bundle("frame-shim", "iife")]).then(
    ([pageScript, frameShim]) => ({ pageScript, frameShim }),
    (error: unknown) => {
      cached = undefined;
      throw error;
    },
  );
  return cached;
}
