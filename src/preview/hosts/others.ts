/**
 * The other MCP Apps hosts, as the preview hosts them: VS Code (its chat view renders widgets
 * inline only, in a narrow side panel), Goose (inline, fullscreen and picture-in-picture) and a
 * plain MCP Apps host (everything the standard defines, nothing added).
 */
import { mcpAppsHost, NO_INSETS, PHONE_INSETS } from "./shared.js";
import type { HostProfile } from "./types.js";

const NEUTRAL: HostProfile["styles"] = {
  light: {
    "--color-background-primary": "#ffffff",
    "--color-background-secondary": "#f5f5f5",
    "--color-text-primary": "#171717",
    "--color-text-secondary": "#616161",
    "--color-border-primary": "#e0e0e0",
  },
  dark: {
    "--color-background-primary": "#1e1e1e",
    "--color-background-secondary": "#252526",
    "--color-text-primary": "#e6e6e6",
    "--color-text-secondary": "#a0a0a0",
    "--color-border-primary": "#3c3c3c",
  },
};

const DESKTOP = { platform: "desktop", touch: false, hover: true, fullscreenInsets: NO_INSETS, fullscreenFillsWindow: true } as const;

export const vscode = mcpAppsHost({
  id: "vscode",
  label: "VS Code",
  displayModes: ["inline"],
  devices: { desktop: { ...DESKTOP, width: 420 } },
  styles: NEUTRAL,
  // VS Code's chat does not say io.modelcontextprotocol/ui in initialize (microsoft/vscode#291432).
  advertisesUi: false,
});

export const goose = mcpAppsHost({
  id: "goose",
  label: "Goose",
  displayModes: ["inline", "fullscreen", "pip"],
  devices: { desktop: { ...DESKTOP, width: 720 } },
  styles: NEUTRAL,
});

export const mcpApps = mcpAppsHost({
  id: "mcp-apps",
  label: "MCP Apps host",
  displayModes: ["inline", "fullscreen", "pip"],
  devices: {
    desktop: { ...DESKTOP, platform: "web", width: 768 },
    mobile: { width: 375, platform: "mobile", touch: true, hover: false, fullscreenInsets: PHONE_INSETS, fullscreenFillsWindow: false },
  },
  styles: NEUTRAL,
});
