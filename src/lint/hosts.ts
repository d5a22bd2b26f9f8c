/**
 * What `lint --host` knows of each host: the bridges a widget finds there, its display modes, what a
 * follow-up does, whether it advertises the MCP Apps extension in `initialize`, and how it reads
 * `_meta.ui.domain`. The ids are the preview's host-profile ids (`?host=`, `screenshot --host`).
 * Sources: https://developers.openai.com/apps-sdk/reference, the ext-apps specification
 * (https://github.com/modelcontextprotocol/ext-apps), microsoft/vscode#291432, anthropics/claude-ai-mcp#61.
 */
import { createHash } from "node:crypto";
import { CliError } from "../errors.js";

export type HostDisplayMode = "inline" | "pip" | "fullscreen";

export interface LintHost {
  id: string;
  label: string;
  /** ChatGPT's `window.openai` is in the widget's frame. */
  openai: boolean;
  displayModes: readonly HostDisplayMode[];
  /** A follow-up (`ui/message`, `sendFollowUpMessage`) is sent as the user's turn, or only put in the composer. */
  followUps: "send" | "prefill";
  /** The host says `io.modelcontextprotocol/ui` in `initialize`: tools listed only to such clients reach it. */
  advertisesUi: boolean;
  /** `_meta.ui.domain` must be `sha256(serverUrl)[:32].claudemcpcontent.com`. */
  hashedUiDomain: boolean;
}

export const LINT_HOSTS: readonly LintHost[] = [
  { id: "chatgpt", label: "ChatGPT", openai: true, displayModes: ["inline", "fullscreen"], followUps: "send", advertisesUi: true, hashedUiDomain: false },
  { id: "claude", label: "Claude", openai: false, displayModes: ["inline", "fullscreen"], followUps: "prefill", advertisesUi: false, hashedUiDomain: true },
  { id: "vscode", label: "VS Code", openai: false, displayModes: ["inline"], followUps: "send", advertisesUi: false, hashedUiDomain: false },
  { id: "goose", label: "Goose", openai: false, displayModes: ["inline", "fullscreen", "pip"], followUps: "send", advertisesUi: true, hashedUiDomain: false },
  { id: "mcp-apps", label: "an MCP Apps host", openai: false, displayModes: ["inline", "fullscreen", "pip"], followUps: "send", advertisesUi: true, hashedUiDomain: false },
];

/** `--host chatgpt,claude`: the hosts named, in that order, once each. */
export function parseHosts(list: string | readonly string[]): LintHost[] {
  const ids = (typeof list === "string" ? list.split(",") : list).map((id) => id.trim().toLowerCase()).filter(Boolean);
  const hosts: LintHost[] = [];
  for (const id of ids) {
    const host = LINT_HOSTS.find((h) => h.id === id);
    if (!host) throw new CliError("usage_invalid", `--host: there is no host "${id}".`, { hint: `The hosts: ${LINT_HOSTS.map((h) => h.id).join(", ")}.` });
    if (!hosts.includes(host)) hosts.push(host);
  }
  return hosts;
}

/** The `_meta.ui.domain` Claude accepts for a server at `serverUrl` (its MCP endpoint, as the user adds it). */
export function claudeUiDomain(serverUrl: string): string {
  return `${createHash("sha256").update(serverUrl).digest("hex").slice(0, 32)}.claudemcpcontent.com`;
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
export function requestedDisplayModes(html: string): HostDisplayMode[] {
  const found = new Set<HostDisplayMode>();
  for (const m of html.matchAll(/requestDisplayMode\s*\(\s*(?:\{\s*mode\s*:\s*)?["'`](inline|pip|fullscreen)["'`]/g)) found.add(m[1] as HostDisplayMode);
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
