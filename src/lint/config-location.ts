/**
 * Where in `chatgpt-app.config.*` a widget resource's metadata comes from: the host writes
 * `_meta.ui.csp`, `openai/widgetCSP`, the domains and the rest from `widgets` (or
 * `widgets.overrides.<name>`), so a finding about them belongs at that key, not in the widget.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import type { SourceLocation } from "./types.js";

const SNAKE_TO_CAMEL: Record<string, string> = {
  connect_domains: "connectDomains",
  resource_domains: "resourceDomains",
  frame_domains: "frameDomains",
  base_uri_domains: "baseUriDomains",
  redirect_domains: "redirectDomains",
};

/** The widget option (`csp.connectDomains[0]`, `domain`, …) a resource pointer names, if config sets it. */
export function widgetOptionOf(pointer: string): string[] | undefined {
  const match = /^\/(?:contents|list)\/_meta(\/.*)?$/.exec(pointer);
  if (!match) return undefined;
  const parts = (match[1] ?? "").split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const [head, second, third, index] = parts;
  const withIndex = (key: string[], i: string | undefined) => (i !== undefined && /^\d+$/.test(i) ? [...key.slice(0, -1), `${key.at(-1)}[${i}]`] : key);
  if (head === "ui" && second === "csp") return third ? withIndex(["csp", third], index) : ["csp"];
  if (head === "openai/widgetCSP") return second ? withIndex(["csp", SNAKE_TO_CAMEL[second] ?? second], third) : ["csp"];
  if (head === "ui" && second === "domain") return ["uiDomain"];
  if (head === "openai/widgetDomain") return ["domain"];
  if ((head === "ui" && second === "prefersBorder") || head === "openai/widgetPrefersBorder") return ["prefersBorder"];
  if (head === "openai/widgetDescription") return ["description"];
  return undefined;
}

/** `widgets.<key>`, or `widgets.overrides.<name>.<key>` when the override sets it. */
function keyPath(config: ResolvedConfig, widget: string, option: string[]): string {
  const own = config.widgetOverrides[widget] as Record<string, unknown> | undefined;
  const top = option[0]!;
  const list = option[1]?.replace(/\[\d+\]$/, "");
  const overridden = own !== undefined && own[top] !== undefined && (list === undefined || (own[top] as Record<string, unknown>)[list] !== undefined);
  return [overridden ? `widgets.overrides.${widget}` : "widgets", ...option].join(".");
}

/** The line and column of a key path in the config's text: as deep as its keys are written there. */
function position(text: string, path: string): { line: number; column: number } {
  let offset = 0;
  let found = -1;
  for (const segment of path.split(".").map((s) => s.replace(/\[\d+\]$/, ""))) {
    const escaped = segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(`(^|[\\s{,])(["']?)${escaped}\\2\\s*:`, "g");
    re.lastIndex = offset;
    const m = re.exec(text);
    if (!m) break;
    found = m.index + m[1]!.length;
    offset = re.lastIndex;
  }
  if (found < 0) return { line: 1, column: 1 };
  const before = text.slice(0, found).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/**
 * The config key that sets what a resource finding points at, or undefined when the
 * pointer is not about config-written metadata or the project has no config file.
 */
export function locateInConfig(config: ResolvedConfig, widget: string, pointer: string): SourceLocation | undefined {
  const option = widgetOptionOf(pointer);
  if (!option || !config.file) return undefined;
  const key = keyPath(config, widget, option);
  let text = "";
  try {
    text = readFileSync(config.file, "utf8");
  } catch {
    // Read at load time; if it is gone now, the key path still says where.
  }
  return { file: relative(config.root, config.file), ...position(text, key), key };
}
