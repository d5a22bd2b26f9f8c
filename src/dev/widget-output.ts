import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import type { WidgetEntry } from "../host/app-state.js";
import { MANIFEST_VERSION, manifestWidget, type BuildManifest } from "../host/build-output.js";
import { packageVersion } from "../version.js";

/** Replaces a file in one step, so a server reading it never sees half of it. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Writes the widgets where a server in another language reads them: `<outDir>/widgets/
 * <name>.html` and `<outDir>/manifest.json` (the format `chatgpt-app build` writes for a
 * widgets-only build), whose `uri` and `_meta` say what to serve for each widget.
 * `changed` limits the HTML written to those widgets; the manifest is always rewritten.
 */
export function writeWidgetOutput(config: ResolvedConfig, entries: ReadonlyMap<string, WidgetEntry>, changed?: string[]): void {
  const dir = join(config.outDir, "widgets");
  mkdirSync(dir, { recursive: true });
  const names = changed ?? [...entries.keys()];
  for (const name of names) {
    const entry = entries.get(name);
    if (entry) writeAtomically(join(dir, `${name}.html`), entry.html);
  }
  if (!changed) {
    // A widget that is gone must not be served from a stale file.
    for (const file of readdirSync(dir)) {
      if (file.endsWith(".html") && !entries.has(file.slice(0, -".html".length))) rmSync(join(dir, file), { force: true });
    }
  }
  const manifest: BuildManifest = {
    manifestVersion: MANIFEST_VERSION,
    generator: `chatgpt-app@${packageVersion()} (dev)`,
    app: { name: "widgets", version: undefined },
    server: null,
    widgets: [...entries.values()].map((entry) => manifestWidget(entry, Buffer.byteLength(entry.html))),
    tools: [],
    serve: { port: config.port, host: config.host, allowedHosts: config.allowedHosts, bodyLimit: config.bodyLimit },
  };
  writeAtomically(join(config.outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}
