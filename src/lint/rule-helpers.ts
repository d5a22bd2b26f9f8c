/** Lookups shared by several rules: CSP of a resource, securitySchemes of a tool, origins. */
import { createHash } from "node:crypto";
import { isObject, objectAt, pointer, stringsOf, type JsonObject } from "./json.js";
import type { ResourceInfo, ToolInfo } from "./types.js";

export const MCP_APP_MIME = "text/html;profile=mcp-app";
export const SKYBRIDGE_MIME = "text/html+skybridge";

/** The `_meta` that wins for a resource: the contents item's, else the list entry's (MCP Apps precedence). */
export function resourceMetaSources(resource: ResourceInfo): Array<{ meta: JsonObject; base: string }> {
  const out: Array<{ meta: JsonObject; base: string }> = [];
  const fromContents = objectAt(resource.contents, "_meta");
  const fromList = objectAt(resource.listEntry, "_meta");
  if (fromContents) out.push({ meta: fromContents, base: "/contents/_meta" });
  if (fromList) out.push({ meta: fromList, base: "/list/_meta" });
  return out;
}

/** Pointer base for a resource: `/contents` is the read contents item, `/list` the list entry. */
export function resourceKeyPointer(base: string, ...keys: string[]): string {
  return `${base}${pointer(...keys)}`;
}

export const CSP_LISTS = [
  { camel: "connectDomains", snake: "connect_domains" },
  { camel: "resourceDomains", snake: "resource_domains" },
  { camel: "frameDomains", snake: "frame_domains" },
  { camel: "baseUriDomains", snake: "base_uri_domains" },
] as const;

export interface CspView {
  /** `_meta.ui.csp` (camelCase), with its pointer. */
  ui: { value: JsonObject; pointer: string } | undefined;
  /** `_meta["openai/widgetCSP"]` (snake_case), with its pointer. */
  openai: { value: JsonObject; pointer: string } | undefined;
}

/** Both CSP spellings of a resource, contents item first. */
export function cspOf(resource: ResourceInfo): CspView {
  const view: CspView = { ui: undefined, openai: undefined };
  for (const { meta, base } of resourceMetaSources(resource)) {
    const ui = objectAt(objectAt(meta, "ui"), "csp");
    if (ui && !view.ui) view.ui = { value: ui, pointer: resourceKeyPointer(base, "ui", "csp") };
    const openai = objectAt(meta, "openai/widgetCSP");
    if (openai && !view.openai) view.openai = { value: openai, pointer: resourceKeyPointer(base, "openai/widgetCSP") };
  }
  return view;
}

/**
 * Every origin list of both CSP spellings, with where it is. An `openai/widgetCSP` list that
 * mirrors its `ui.csp` list entry for entry is left out: one value written twice (as
 * chatgpt-app and most servers do) is one thing to report, at `ui.csp`.
 */
export function cspLists(resource: ResourceInfo): Array<{ list: string; entries: unknown[]; pointer: string }> {
  const csp = cspOf(resource);
  const out: Array<{ list: string; entries: unknown[]; pointer: string }> = [];
  for (const names of CSP_LISTS) {
    const camel = csp.ui?.value[names.camel];
    const snake = csp.openai?.value[names.snake];
    if (Array.isArray(camel)) out.push({ list: names.camel, entries: camel, pointer: `${csp.ui!.pointer}${pointer(names.camel)}` });
    if (Array.isArray(snake) && !(Array.isArray(camel) && canonicalJson(camel) === canonicalJson(snake))) {
      out.push({ list: names.snake, entries: snake, pointer: `${csp.openai!.pointer}${pointer(names.snake)}` });
    }
  }
  const redirect = csp.openai?.value.redirect_domains;
  if (Array.isArray(redirect)) out.push({ list: "redirect_domains", entries: redirect, pointer: `${csp.openai!.pointer}/redirect_domains` });
  return out;
}

/** Every entry of every CSP list (at most 500 a list), with its list's name and its own pointer. */
export function cspEntries(resource: ResourceInfo): Array<{ list: string; entry: unknown; pointer: string }> {
  return cspLists(resource).flatMap(({ list, entries, pointer }) => entries.slice(0, 500).map((entry, i) => ({ list, entry, pointer: `${pointer}/${i}` })));
}

/** Declared origins of one kind, from `ui.csp` and `openai/widgetCSP` together. */
export function declaredOrigins(resource: ResourceInfo, kind: "connect" | "resource" | "frame" | "redirect"): string[] {
  const csp = cspOf(resource);
  const camel = { connect: "connectDomains", resource: "resourceDomains", frame: "frameDomains", redirect: "" }[kind];
  const snake = { connect: "connect_domains", resource: "resource_domains", frame: "frame_domains", redirect: "redirect_domains" }[kind];
  return [...(camel ? (stringsOf(csp.ui?.value[camel]) ?? []) : []), ...(stringsOf(csp.openai?.value[snake]) ?? [])];
}

/** The origin of an absolute URL (`//host` counts as https), or undefined for relative, data: and blob: URLs. */
export function originOf(url: string): URL | undefined {
  const absolute = url.startsWith("//") ? `https:${url}` : url;
  if (!/^(https?|wss?):\/\//i.test(absolute)) return undefined;
  try {
    return new URL(absolute);
  } catch {
    return undefined;
  }
}

/** Does a CSP entry (`https://cdn.example.com`, `https://*.example.com`, `cdn.example.com`) allow this URL? */
export function cspAllows(entry: string, url: URL): boolean {
  const value = entry.trim().toLowerCase();
  if (value === "*") return true;
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:]+)(?::(\d+|\*))?\/?$/.exec(value);
  if (!match) return false;
  const [, scheme, host, port] = match;
  if (scheme) {
    const want = scheme.replace(/:$/, "");
    const have = url.protocol.replace(/:$/, "");
    // CSP lets https: entries cover wss: and http: cover ws:.
    const equivalent = want === have || (want === "https" && have === "wss") || (want === "http" && have === "ws");
    if (!equivalent) return false;
  }
  if (port && port !== "*" && port !== (url.port || defaultPort(url.protocol))) return false;
  const hostname = url.hostname.toLowerCase();
  if (host!.startsWith("*.")) return hostname.endsWith(host!.slice(1));
  return hostname === host;
}

function defaultPort(protocol: string): string {
  return protocol === "http:" || protocol === "ws:" ? "80" : "443";
}

/** localhost, loopback, unspecified and private-range addresses: unreachable from ChatGPT's sandbox. */
export function isLocalHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0.0.0.0" || host === "::") return true;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!ipv4) return /^f[cd][0-9a-f]{2}:/.test(host) || host.startsWith("fe80:");
  const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254);
}

/** The host name in a domain or CSP entry (`https://*.x.com:443/`, `x.com`), lower case, without a wildcard. */
export function hostOfEntry(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:(\d+|\*)$/, "")
    .replace(/^\*\./, "")
    .replace(/\.$/, "");
}

/**
 * Names reserved for documentation and tests (RFC 2606, RFC 6761): `example.com` and the
 * other `example.*`, the `.example`, `.test`, `.invalid` and `.localhost` TLDs, `localhost`.
 * No app is ever served there: a placeholder a template or a guide left in.
 */
export function isPlaceholderHostname(host: string): boolean {
  const labels = host.split(".");
  const tld = labels.at(-1);
  return host === "localhost" || labels.at(-2) === "example" || tld === "example" || tld === "test" || tld === "invalid" || tld === "localhost";
}

/** The widget domains a resource sets (`openai/widgetDomain`, `_meta.ui.domain`), contents item first, each key once. */
export function widgetDomainsOf(resource: ResourceInfo): Array<{ key: "openai/widgetDomain" | "ui.domain"; value: string; pointer: string }> {
  const out: Array<{ key: "openai/widgetDomain" | "ui.domain"; value: string; pointer: string }> = [];
  for (const { meta, base } of resourceMetaSources(resource)) {
    const openai = meta["openai/widgetDomain"];
    const ui = objectAt(meta, "ui")?.domain;
    if (typeof openai === "string" && !out.some((d) => d.key === "openai/widgetDomain")) {
      out.push({ key: "openai/widgetDomain", value: openai, pointer: resourceKeyPointer(base, "openai/widgetDomain") });
    }
    if (typeof ui === "string" && !out.some((d) => d.key === "ui.domain")) out.push({ key: "ui.domain", value: ui, pointer: resourceKeyPointer(base, "ui", "domain") });
  }
  return out;
}

/** The `securitySchemes` of a tool, top level and `_meta`, as sent. */
export function securitySchemesOf(tool: ToolInfo): { top: unknown; meta: unknown } {
  return { top: tool.raw.securitySchemes, meta: tool.meta?.securitySchemes };
}

/** JSON with sorted keys, to compare two values by content. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > 50) return '"…"';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k], depth + 1)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The `ui://` keys of a tool that name its template, with their pointers. */
export function templateKeys(tool: ToolInfo): Array<{ key: string; value: unknown; pointer: string }> {
  const out: Array<{ key: string; value: unknown; pointer: string }> = [];
  if (tool.ui && tool.ui.resourceUri !== undefined) out.push({ key: "_meta.ui.resourceUri", value: tool.ui.resourceUri, pointer: "/_meta/ui/resourceUri" });
  if (tool.meta?.["openai/outputTemplate"] !== undefined) {
    out.push({ key: "openai/outputTemplate", value: tool.meta["openai/outputTemplate"], pointer: pointer("_meta", "openai/outputTemplate") });
  }
  if (tool.meta?.["ui/resourceUri"] !== undefined) {
    out.push({ key: "ui/resourceUri", value: tool.meta["ui/resourceUri"], pointer: pointer("_meta", "ui/resourceUri") });
  }
  return out;
}

/**
 * True when widget code calls ChatGPT's `window.openai.callTool` (also through a runtime
 * object, as minified code does): the one call path where `openai/widgetAccessible` matters.
 */
export function usesOpenAiCallTool(html: string): boolean {
  return /\.\s*callTool\s*[!?]?\s*\(/.test(html);
}

/** True when the tool names a widget template in any spelling. */
export function rendersWidget(tool: ToolInfo): boolean {
  return tool.templateUri !== undefined;
}

/** The hash `--baseline` compares widget HTML by. */
export function htmlHash(html: string): string {
  return createHash("sha256").update(html).digest("hex");
}
