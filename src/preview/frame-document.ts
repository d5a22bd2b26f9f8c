/**
 * The document a widget frame loads: the widget's own HTML (as `resources/read` returned it)
 * with the preview's `window.openai` layer injected first, and the Content-Security-Policy
 * an MCP Apps host builds from the resource's `_meta.ui.csp`.
 */
import { FRAME_LAYER_VAR, INITIAL_GLOBALS_VAR, type FrameLayerOptions } from "./client/protocol.js";

/** `_meta.ui.csp` of a widget resource (MCP Apps spelling). */
export interface ResourceCsp {
  connectDomains?: string[];
  resourceDomains?: string[];
  frameDomains?: string[];
  baseUriDomains?: string[];
}

/**
 * Drops entries that could break out of a directive: `;`, quotes, whitespace and commas
 * would let a resource add sources or directives of its own.
 */
function sources(domains: unknown): string[] {
  if (!Array.isArray(domains)) return [];
  return domains.filter((d): d is string => typeof d === "string" && d.length > 0 && !/[;,'"\s]/.test(d));
}

/**
 * The policy MCP Apps hosts enforce (SEP-1865, "Host Behavior"): the spec's restrictive
 * default when the resource declares nothing, widened only by the declared origins.
 * `font-src` also allows `data:` because chatgpt-app inlines fonts as data URLs. Nothing
 * allows `'self'` for connections: in ChatGPT "self" is the sandbox origin, which serves
 * nothing, so a widget that fetches its own dev server here would fail there.
 */
export function buildContentSecurityPolicy(csp: ResourceCsp | undefined): string {
  const resource = sources(csp?.resourceDomains);
  const connect = sources(csp?.connectDomains);
  const frame = sources(csp?.frameDomains);
  const baseUri = sources(csp?.baseUriDomains);
  const list = (values: string[], fallback: string) => (values.length ? values.join(" ") : fallback);
  return [
    "default-src 'none'",
    `script-src ${["'self'", "'unsafe-inline'", ...resource].join(" ")}`,
    `style-src ${["'self'", "'unsafe-inline'", ...resource].join(" ")}`,
    `img-src ${["'self'", "data:", ...resource].join(" ")}`,
    `font-src ${["'self'", "data:", ...resource].join(" ")}`,
    `media-src ${["'self'", "data:", ...resource].join(" ")}`,
    `connect-src ${list(connect, "'none'")}`,
    `frame-src ${list(frame, "'none'")}`,
    "object-src 'none'",
    `base-uri ${list(baseUri, "'self'")}`,
  ].join("; ");
}

/** JSON that is safe inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Injects `scripts` as the first thing the document runs: right after `<head>` (or
 * `<html>`, or the doctype), never before the doctype, which would switch the page to
 * quirks mode.
 */
export function injectFirst(html: string, scripts: string): string {
  const at = (pattern: RegExp) => {
    const match = pattern.exec(html);
    return match ? match.index + match[0].length : -1;
  };
  let index = at(/<head(?:\s[^>]*)?>/i);
  if (index < 0) index = at(/<html(?:\s[^>]*)?>/i);
  if (index < 0) index = at(/^\s*<!doctype[^>]*>/i);
  if (index < 0) index = 0;
  return html.slice(0, index) + scripts + html.slice(index);
}

/**
 * The widget's HTML with the preview's layer (`shim`), its first `window.openai` globals and
 * what the host offers (`layer`, from its profile) injected.
 */
export function buildFrameDocument(html: string, shim: string, globals: unknown, layer?: Partial<FrameLayerOptions>): string {
  const options: FrameLayerOptions = { openai: layer?.openai !== false, mirrorsLocale: layer?.mirrorsLocale !== false };
  const scripts =
    `\n<script>window.${INITIAL_GLOBALS_VAR}=${scriptJson(globals)};window.${FRAME_LAYER_VAR}=${scriptJson(options)};</script>` +
    `\n<script>${shim.replace(/<\/(script)/gi, "<\\/$1")}</script>\n`;
  return injectFirst(html, scripts);
}
