/**
 * Claude (claude.ai and its apps), as the preview hosts it: MCP Apps only (no `window.openai`),
 * inline and fullscreen (no picture-in-picture), follow-ups that only prefill the composer, and
 * a widget's `_meta.ui.domain` accepted only in Claude's own form: the first 32 hex digits of
 * the SHA-256 of the server's URL, under `claudemcpcontent.com`. Claude refuses to render a
 * widget that declares any other domain.
 */
import { derivedUiDomain, mcpAppsHost, NO_INSETS, PHONE_INSETS } from "./shared.js";
import type { DerivedUiDomain } from "./types.js";

/** Claude's `ui.domain` form (lint tells a Claude domain from any other by it). */
export const CLAUDE_UI_DOMAIN: DerivedUiDomain = { hash: "SHA-256", hexDigits: 32, suffix: "claudemcpcontent.com" };

/** The `ui.domain` Claude expects of a server reached at `serverUrl`. */
export function claudeWidgetDomain(serverUrl: string): Promise<string> {
  return derivedUiDomain(CLAUDE_UI_DOMAIN, serverUrl);
}

export const claude = mcpAppsHost({
  id: "claude",
  label: "Claude",
  displayModes: ["inline", "fullscreen"],
  devices: {
    desktop: { width: 720, platform: "web", touch: false, hover: true, fullscreenInsets: NO_INSETS, fullscreenFillsWindow: true },
    mobile: { width: 375, platform: "mobile", touch: true, hover: false, fullscreenInsets: PHONE_INSETS, fullscreenFillsWindow: false },
  },
  styles: {
    light: {
      "--color-background-primary": "#faf9f5",
      "--color-background-secondary": "#f0eee6",
      "--color-text-primary": "#141413",
      "--color-text-secondary": "#5e5d59",
      "--color-border-primary": "#e8e6dc",
    },
    dark: {
      "--color-background-primary": "#262624",
      "--color-background-secondary": "#30302e",
      "--color-text-primary": "#faf9f5",
      "--color-text-secondary": "#b7b5a9",
      "--color-border-primary": "#3e3e38",
    },
  },
  followUps: "prefill",
  // claude.ai does not say io.modelcontextprotocol/ui in initialize (anthropics/claude-ai-mcp#61).
  advertisesUi: false,
  uiDomain: CLAUDE_UI_DOMAIN,
  async refuseWidget(meta, serverUrl) {
    const domain = (meta.ui as { domain?: unknown } | undefined)?.domain;
    if (domain === undefined) return undefined;
    const expected = await claudeWidgetDomain(serverUrl);
    const given = typeof domain === "string" ? domain.replace(/^https:\/\//, "").replace(/\/$/, "") : domain;
    if (given === expected) return undefined;
    return `Claude renders a widget only when its _meta.ui.domain is ${expected} (${CLAUDE_UI_DOMAIN.hash} of ${serverUrl}, first ${CLAUDE_UI_DOMAIN.hexDigits} hex digits, .${CLAUDE_UI_DOMAIN.suffix}); this one declares ${JSON.stringify(domain)}.`;
  },
});
