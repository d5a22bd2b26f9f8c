/** What the MCP Apps standard fixes for every host: MIME types, the tool metadata it defines, and a plain host. */
import type { Tool } from "@modelcontextprotocol/client";
import type { DerivedUiDomain, DisplayMode, HostProfile, Insets } from "./types.js";

export const MCP_APP_MIME = "text/html;profile=mcp-app";
export const SKYBRIDGE_MIME = "text/html+skybridge";

/** `_meta.ui.visibility`, when the tool declares one. */
export function visibilityOf(tool: Tool): string[] | undefined {
  const ui = (tool._meta as { ui?: { visibility?: unknown } } | undefined)?.ui;
  return Array.isArray(ui?.visibility) ? (ui.visibility as string[]) : undefined;
}

/** MCP Apps: a tool is callable from its widget unless its visibility leaves out `app`. */
export function appVisibilityRefusal(name: string, tool: Tool | undefined): string | undefined {
  if (!tool) return `The server has no tool named ${name}.`;
  const visibility = visibilityOf(tool);
  if (!(visibility ?? ["model", "app"]).includes("app")) return `${name} is not callable from widgets: its _meta.ui.visibility is ${JSON.stringify(visibility)}.`;
  return undefined;
}

/** `_meta.ui.resourceUri` (and the older flat `ui/resourceUri`). */
export function mcpAppsWidgetUri(tool: Tool): string | undefined {
  const meta = (tool._meta ?? {}) as Record<string, unknown>;
  const uri = (meta.ui as { resourceUri?: unknown } | undefined)?.resourceUri ?? meta["ui/resourceUri"];
  return typeof uri === "string" ? uri : undefined;
}

/** A host that has only `modes` keeps the current one when asked for another. */
export function grantWithin(modes: readonly DisplayMode[]): HostProfile["grantDisplayMode"] {
  return (requested, _device, current) => (modes.includes(requested) ? requested : current);
}

/** The domain of `form` from the hex digest of the server's URL (each side hashes with its own crypto). */
export function uiDomainFromDigest(form: DerivedUiDomain, hex: string): string {
  return `${hex.slice(0, form.hexDigits)}.${form.suffix}`;
}

/** The domain of `form` for a server reached at `serverUrl`, hashed with WebCrypto (the page's side). */
export async function derivedUiDomain(form: DerivedUiDomain, serverUrl: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest(form.hash, new TextEncoder().encode(serverUrl));
  return uiDomainFromDigest(form, [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""));
}

/** A bare domain (no scheme, no trailing slash) in the form at all, whatever its hash: under its suffix. */
export function inUiDomainForm(form: DerivedUiDomain, bare: string): boolean {
  const domain = bare.toLowerCase();
  return domain === form.suffix || domain.endsWith(`.${form.suffix}`);
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };
export const PHONE_INSETS: Insets = { top: 47, right: 0, bottom: 34, left: 0 };

/** What a host that follows the MCP Apps standard and adds nothing of its own does. */
export function mcpAppsHost(profile: Pick<HostProfile, "id" | "label" | "displayModes" | "devices" | "styles"> & Partial<HostProfile>): HostProfile {
  return {
    widgetMimeTypes: [MCP_APP_MIME],
    widgetUriOf: mcpAppsWidgetUri,
    bridges: {
      mcpApps: {
        mimeTypes: [MCP_APP_MIME],
        capabilities: { openLinks: {}, serverTools: {}, serverResources: {}, logging: {}, message: { text: {} }, updateModelContext: { text: {}, structuredContent: {} } },
      },
      openai: false,
    },
    noBridgeNote: (mimeType) => `${mimeType}: ${profile.label} renders only ${MCP_APP_MIME} widgets.`,
    sandbox: ["allow-scripts", "allow-forms", "allow-popups", "allow-popups-to-escape-sandbox"],
    themes: ["light", "dark"],
    grantDisplayMode: grantWithin(profile.displayModes),
    limits: { maxHeight: { inline: "viewport", pip: 360, fullscreen: "viewport" }, pipWidth: 420 },
    hostContext: ["theme", "styles", "displayMode", "availableDisplayModes", "containerDimensions", "locale", "timeZone", "userAgent", "platform", "deviceCapabilities", "safeAreaInsets", "toolInfo"],
    mirrorsLocale: false,
    followUps: "send",
    advertisesUi: true,
    statusText: (tool, phase) => `${phase === "invoking" ? "Calling" : "Called"} ${tool.title ?? tool.name}`,
    fullscreenComposer: false,
    refuseToolCall: (name, tool) => appVisibilityRefusal(name, tool),
    ...profile,
  };
}
