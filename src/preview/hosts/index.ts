/**
 * The hosts the preview can emulate. Adding one is a profile file beside this one and a line
 * here; the page offers a host control as soon as there is more than one.
 */
import { chatgpt } from "./chatgpt.js";
import { claude } from "./claude.js";
import { goose, mcpApps, vscode } from "./others.js";
import type { HostProfile } from "./types.js";

/** Ids are stable: `?host=<id>` in the preview, and the other commands' `--host`. */
export const HOST_PROFILES: readonly HostProfile[] = [chatgpt, claude, vscode, goose, mcpApps];

export const DEFAULT_HOST = chatgpt;

/** The profile with that id, or the default one. */
export function hostProfile(id: string | null | undefined): HostProfile {
  return HOST_PROFILES.find((profile) => profile.id === id) ?? DEFAULT_HOST;
}

export { CLAUDE_UI_DOMAIN, claudeWidgetDomain } from "./claude.js";
export { inUiDomainForm, uiDomainFromDigest } from "./shared.js";
export type { DerivedUiDomain, DevicePreset, DisplayMode, HostEnv, HostProfile, Theme, ToolCallVia } from "./types.js";
