import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Entry file names, in the order they are looked for. */
export const WIDGET_ENTRIES = ["index.tsx", "index.ts", "index.jsx", "index.js"] as const;

/** A widget name becomes part of a `ui://` URI and a file name. */
export const WIDGET_NAME = /^[A-Za-z0-9_-]+$/;

export interface WidgetSource {
  name: string;
  dir: string;
  /** Absolute path of `index.{tsx,ts,jsx,js}`. */
  entry: string;
  /** Absolute path of an optional `index.html` template. */
  template: string | undefined;
}

/** A folder of `widgets/` with code in it but no entry file: shared code, or a widget missing its index. */
export interface UnindexedFolder {
  name: string;
  dir: string;
  /** Its code files, relative to the folder (a few, for the message). */
  files: string[];
}

export interface DiscoveredWidgets {
  widgets: WidgetSource[];
  /** Folders that look like widgets but cannot be one, with the reason. */
  skipped: Array<{ dir: string; reason: string }>;
  unindexed: UnindexedFolder[];
}

/** Files a widget could be written in (declarations aside). */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|html|css|vue|svelte)$/;

/** Code files below `dir`, relative to it, at most `limit` (no node_modules, no dot folders). */
function codeFiles(dir: string, limit = 20, prefix = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (found.length >= limit) break;
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...codeFiles(join(dir, entry.name), limit - found.length, rel));
    else if (CODE_FILE.test(entry.name) && !entry.name.endsWith(".d.ts")) found.push(rel);
  }
  return found;
}

/** Every `<widgetsDir>/<name>/index.{tsx,ts,jsx,js}`, sorted by name. A missing folder means no widgets. */
export function discoverWidgets(widgetsDir: string): DiscoveredWidgets {
  const result: DiscoveredWidgets = { widgets: [], skipped: [], unindexed: [] };
  if (!existsSync(widgetsDir) || !statSync(widgetsDir).isDirectory()) return result;
  for (const entry of readdirSync(widgetsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const dir = join(widgetsDir, entry.name);
    const file = WIDGET_ENTRIES.find((candidate) => existsSync(join(dir, candidate)));
    if (file === undefined) {
      // A shared folder (components/, lib/) is not a widget; whether it is one is known once the widgets are built.
      const files = codeFiles(dir);
      if (files.length > 0) result.unindexed.push({ name: entry.name, dir, files });
      continue;
    }
    if (!WIDGET_NAME.test(entry.name)) {
      result.skipped.push({ dir, reason: `"${entry.name}" is not a valid widget name (use letters, digits, - and _)` });
      continue;
    }
    const template = join(dir, "index.html");
    result.widgets.push({
      name: entry.name,
      dir,
      entry: join(dir, file),
      template: existsSync(template) ? template : undefined,
    });
  }
  return result;
}
