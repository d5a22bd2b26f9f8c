/**
 * What `lint --host` judges with: the preview's host profiles (`?host=`, `screenshot --host`), the
 * one place that says what each host offers: `window.openai` or not, its display modes, what a
 * follow-up does, whether it advertises the MCP Apps extension in `initialize`, and the form of
 * `_meta.ui.domain` it accepts. Here: reading `--host`, and the widget code the rules look for.
 */
import { createHash } from "node:crypto";
import { CliError } from "../errors.js";
import { HOST_PROFILES, uiDomainFromDigest, type DerivedUiDomain, type DisplayMode, type HostProfile } from "../preview/hosts/index.js";

/** A host `lint --host` judges for: its preview profile. */
export type LintHost = HostProfile;

/** `--host chatgpt,claude`: the hosts named, in that order, once each. */
export function parseHosts(list: string | readonly string[]): LintHost[] {
  const ids = (typeof list === "string" ? list.split(",") : list).map((id) => id.trim().toLowerCase()).filter(Boolean);
  const hosts: LintHost[] = [];
  for (const id of ids) {
    const host = HOST_PROFILES.find((h) => h.id === id);
    if (!host) throw new CliError("usage_invalid", `--host: there is no host "${id}".`, { hint: `The hosts: ${HOST_PROFILES.map((h) => h.id).join(", ")}.` });
    if (!hosts.includes(host)) hosts.push(host);
  }
  return hosts;
}

/** The `_meta.ui.domain` a host of that form accepts for a server at `serverUrl` (its MCP endpoint, as the user adds it). Node's hash: the rules run synchronously. */
export function expectedUiDomain(form: DerivedUiDomain, serverUrl: string): string {
  return uiDomainFromDigest(form, createHash(form.hash).update(serverUrl).digest("hex"));
}

/** The MCP endpoint hosts reach: the URL linted, else `BASE_URL`'s `/mcp`. */
export function serverUrlFor(targetUrl: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (targetUrl) return targetUrl;
  if (!env.BASE_URL) return undefined;
  try {
    const base = new URL(env.BASE_URL);
    return new URL(`${base.pathname.replace(/\/$/, "")}/mcp`, base).href;
  } catch {
    return undefined;
  }
}

/** Code of the MCP Apps `ui/*` bridge (ext-apps' App, or chatgpt-app's runtime). */
const MCP_APPS_CODE = /ui\/initialize|ui\/notifications\/tool-result|@modelcontextprotocol\/ext-apps/;

/** The widget reaches for `window.openai` and has no MCP Apps bridge to fall back on. */
export function usesOnlyWindowOpenai(html: string): boolean {
  return /\bwindow\.openai\b|\bopenai\.(toolOutput|callTool|setWidgetState|toolInput)\b/.test(html) && !MCP_APPS_CODE.test(html);
}

/** Display modes the widget asks for by name: `requestDisplayMode("pip")`, `requestDisplayMode({ mode: "fullscreen" })`. */
export function requestedDisplayModes(html: string): DisplayMode[] {
  const found = new Set<DisplayMode>();
  for (const m of html.matchAll(/requestDisplayMode\s*\(\s*(?:\{\s*mode\s*:\s*)?["'`](inline|pip|fullscreen)["'`]/g)) found.add(m[1] as DisplayMode);
  return [...found];
}

/**
 * A follow-up whose text is written in the widget: `sendFollowUpMessage({ prompt: "…" })`, or ext-apps'
 * `sendMessage({ role: "user", content: [{ type: "text", text: "…" }] })`. A text from a variable is
 * not counted: chatgpt-app's runtime forwards one in every widget that bundles it.
 */
export function sendsFollowUps(html: string): boolean {
  return /sendFollowUpMessage\s*\(\s*(?:\{\s*prompt\s*:\s*)?["'`]|sendMessage\s*\(\s*\{\s*role\s*:\s*["']user["']\s*,\s*content\s*:\s*\[\s*\{\s*type\s*:\s*["']text["']\s*,\s*text\s*:\s*["'`]/.test(html);
}
