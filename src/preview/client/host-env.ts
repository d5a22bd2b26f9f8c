/**
 * How the emulated host describes its environment (theme, locale, device, display mode) to a
 * widget, through each bridge its profile offers: the MCP Apps host context and `window.openai`'s
 * globals. What varies from host to host is in its profile (`src/preview/hosts/`).
 */
import type { HostContextKey } from "../hosts/types.js";
import type { HostEnv, HostProfile } from "../hosts/index.js";

const NO_INSETS = { top: 0, right: 0, bottom: 0, left: 0 };

function maxHeightOf(profile: HostProfile, env: HostEnv): number {
  const limit = profile.limits.maxHeight[env.displayMode];
  return limit === "viewport" ? window.innerHeight : limit;
}

/** The profile's preset for the env's device (its first one when the device is not the host's). */
export function deviceOf(profile: HostProfile, device: string) {
  return profile.devices[device] ?? Object.values(profile.devices)[0]!;
}

function insetsOf(profile: HostProfile, env: HostEnv) {
  return env.displayMode === "fullscreen" ? deviceOf(profile, env.device).fullscreenInsets : NO_INSETS;
}

/** The MCP Apps host context (`ui/initialize` and `host-context-changed`): the keys the host sends. */
export function hostContextOf(profile: HostProfile, env: HostEnv, tool: Record<string, unknown> | undefined, version: string): Record<string, unknown> {
  const device = deviceOf(profile, env.device);
  const context: Record<HostContextKey, unknown> = {
    theme: env.theme,
    styles: { variables: profile.styles[env.theme] },
    displayMode: env.displayMode,
    availableDisplayModes: [...profile.displayModes],
    containerDimensions: { maxHeight: maxHeightOf(profile, env), width: env.displayMode === "fullscreen" && device.fullscreenFillsWindow ? window.innerWidth : device.width },
    locale: env.locale,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    userAgent: `chatgpt-app-preview/${version}`,
    platform: device.platform,
    deviceCapabilities: { touch: device.touch, hover: device.hover },
    safeAreaInsets: insetsOf(profile, env),
    toolInfo: tool ? { tool } : undefined,
  };
  return Object.fromEntries(profile.hostContext.filter((key) => context[key] !== undefined).map((key) => [key, context[key]]));
}

/** `window.openai`'s environment globals (the data ones are added by the frame). */
export function openAiEnvGlobals(profile: HostProfile, env: HostEnv): Record<string, unknown> {
  const device = deviceOf(profile, env.device);
  return {
    theme: env.theme,
    locale: env.locale,
    displayMode: env.displayMode,
    maxHeight: maxHeightOf(profile, env),
    safeArea: { insets: insetsOf(profile, env) },
    userAgent: { device: { type: env.device }, capabilities: { hover: device.hover, touch: device.touch } },
  };
}
