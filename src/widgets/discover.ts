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

export interface DiscoveredWidgets {
  widgets: WidgetSource[];
  /** Folders that look like widgets but cannot be one, with the reason. */
  skipped: Array<{ dir: string; reason: string }>;
}

/** Every `<widgetsDir>/<name>/index.{tsx,ts,jsx,js}`, sorted by name. A missing folder means no widgets. */
export function discoverWidgets(widgetsDir: string): DiscoveredWidgets {
  const result: DiscoveredWidgets = { widgets: [], skipped: [] };
  if (!existsSync(widgetsDir) || !statSync(widgetsDir).isDirectory()) return result;
  for (const entry of readdirSync(widgetsDir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const dir = join(widgetsDir, entry.name);
    const file = WIDGET_ENTRIES.find((candidate) => existsSync(join(dir, candidate)));
    if (file === undefined) {
      // A shared folder (components/, lib/) is not a widget; only say so if it looks like one.
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
