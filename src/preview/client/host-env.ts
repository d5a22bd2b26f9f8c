/**
 * The emulated host's environment (theme, locale, device, display mode) and how both
 * bridges describe it: the MCP Apps host context and `window.openai`'s globals.
 */
export type Theme = "light" | "dark";
export type DisplayMode = "inline" | "pip" | "fullscreen";
export type DeviceName = "desktop" | "tablet" | "mobile";

export const THEMES: readonly Theme[] = ["light", "dark"];
export const DISPLAY_MODES: readonly DisplayMode[] = ["inline", "pip", "fullscreen"];
export const DEVICE_NAMES: readonly DeviceName[] = ["desktop", "tablet", "mobile"];

export interface DevicePreset {
  /** Width of ChatGPT's conversation column on that device, in CSS pixels. */
  width: number;
  platform: "web" | "mobile";
  touch: boolean;
  hover: boolean;
  /** Insets in fullscreen (a phone's notch and home indicator). */
  fullscreenInsets: { top: number; right: number; bottom: number; left: number };
}

export const DEVICES: Record<DeviceName, DevicePreset> = {
  desktop: { width: 768, platform: "web", touch: false, hover: true, fullscreenInsets: { top: 0, right: 0, bottom: 0, left: 0 } },
  tablet: { width: 680, platform: "mobile", touch: true, hover: false, fullscreenInsets: { top: 24, right: 0, bottom: 20, left: 0 } },
  mobile: { width: 375, platform: "mobile", touch: true, hover: false, fullscreenInsets: { top: 47, right: 0, bottom: 34, left: 0 } },
};

/** Height given to a picture-in-picture widget (matches `.stage.mode-pip` in the page's CSS). */
export const PIP_HEIGHT = 360;

export interface HostEnv {
  theme: Theme;
  locale: string;
  device: DeviceName;
  displayMode: DisplayMode;
}

/** ChatGPT shows picture-in-picture fullscreen on phones and tablets. */
export function grantDisplayMode(requested: DisplayMode, device: DeviceName): DisplayMode {
  return requested === "pip" && device !== "desktop" ? "fullscreen" : requested;
}

function maxHeightOf(env: HostEnv): number {
  return env.displayMode === "pip" ? PIP_HEIGHT : window.innerHeight;
}

function insetsOf(env: HostEnv) {
  return env.displayMode === "fullscreen" ? DEVICES[env.device].fullscreenInsets : { top: 0, right: 0, bottom: 0, left: 0 };
}

const STYLE_VARIABLES: Record<Theme, Record<string, string>> = {
  light: {
    "--color-background-primary": "#ffffff",
    "--color-background-secondary": "#f7f7f8",
    "--color-text-primary": "#0d0d0d",
    "--color-text-secondary": "#5d5d5d",
    "--color-border-primary": "#e5e5e5",
  },
  dark: {
    "--color-background-primary": "#212121",
    "--color-background-secondary": "#303030",
    "--color-text-primary": "#ffffff",
    "--color-text-secondary": "#afafaf",
    "--color-border-primary": "#424242",
  },
};

/** The MCP Apps host context (`ui/initialize` and `host-context-changed`). */
export function hostContextOf(env: HostEnv, tool: Record<string, unknown> | undefined, version: string): Record<string, unknown> {
  const device = DEVICES[env.device];
  return {
    theme: env.theme,
    styles: { variables: STYLE_VARIABLES[env.theme] },
    displayMode: env.displayMode,
    availableDisplayModes: [...DISPLAY_MODES],
    containerDimensions: { maxHeight: maxHeightOf(env), width: env.displayMode === "fullscreen" && env.device === "desktop" ? window.innerWidth : device.width },
    locale: env.locale,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    userAgent: `chatgpt-app-preview/${version}`,
    platform: device.platform,
    deviceCapabilities: { touch: device.touch, hover: device.hover },
    safeAreaInsets: insetsOf(env),
    ...(tool ? { toolInfo: { tool } } : {}),
  };
}

/** `window.openai`'s environment globals (the data ones are added by the frame). */
export function openAiEnvGlobals(env: HostEnv): Record<string, unknown> {
  const device = DEVICES[env.device];
  return {
    theme: env.theme,
    locale: env.locale,
    displayMode: env.displayMode,
    maxHeight: maxHeightOf(env),
    safeArea: { insets: insetsOf(env) },
    userAgent: { device: { type: env.device }, capabilities: { hover: device.hover, touch: device.touch } },
  };
}
