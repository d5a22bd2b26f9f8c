/**
 * What the preview needs to know to host widgets the way one host does: the bridges it offers,
 * its display modes and limits, its devices and safe areas, the context it sends and what it
 * refuses. One profile per file in this folder, listed in `index.ts`. Pure data and small pure
 * functions: the page's browser code imports it, so nothing here may import Node-side code.
 */
import type { Tool } from "@modelcontextprotocol/client";

export type Theme = "light" | "dark";
export type DisplayMode = "inline" | "pip" | "fullscreen";

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** One device the host runs on (a control of the page). */
export interface DevicePreset {
  /** Width of the host's conversation column on that device, in CSS pixels. */
  width: number;
  platform: "web" | "desktop" | "mobile";
  touch: boolean;
  hover: boolean;
  /** Insets in fullscreen (a phone's notch and home indicator). */
  fullscreenInsets: Insets;
  /** Fullscreen fills the browser window (a desktop) instead of the device's width (a phone). */
  fullscreenFillsWindow: boolean;
}

/**
 * A `_meta.ui.domain` the host derives from the URL it reaches the server at, and accepts in no other
 * form: the first `hexDigits` hex digits of the URL's `hash`, then `.` and `suffix`.
 */
export interface DerivedUiDomain {
  /** The digest's name, as WebCrypto and Node's `createHash` both spell it. */
  hash: "SHA-256";
  hexDigits: number;
  suffix: string;
}

/** The environment the page emulates: the host, and the controls' values. */
export interface HostEnv {
  theme: Theme;
  locale: string;
  /** A key of the profile's `devices`. */
  device: string;
  displayMode: DisplayMode;
}

/** How a call of a tool reached the host: the MCP Apps bridge, or `window.openai`. */
export type ToolCallVia = "tools/call" | "window.openai.callTool";

/** Keys of the MCP Apps host context (`ui/initialize`, `ui/notifications/host-context-changed`). */
export type HostContextKey =
  | "theme"
  | "styles"
  | "displayMode"
  | "availableDisplayModes"
  | "containerDimensions"
  | "locale"
  | "timeZone"
  | "userAgent"
  | "platform"
  | "deviceCapabilities"
  | "safeAreaInsets"
  | "toolInfo";

export interface HostProfile {
  /** Short lowercase id (`chatgpt`), as in `?host=`. */
  id: string;
  /** Shown in the page: "ChatGPT". */
  label: string;
  /** MIME types of resources the host renders as widgets. */
  widgetMimeTypes: readonly string[];
  /** The widget a tool renders: the `_meta` keys the host reads, first found wins. */
  widgetUriOf(tool: Tool): string | undefined;
  bridges: {
    /**
     * The MCP Apps `ui/*` bridge (ext-apps' AppBridge): for which MIME types, and the host
     * capabilities it announces. Absent: the host offers none.
     */
    mcpApps?: { mimeTypes: readonly string[]; capabilities: Record<string, unknown> };
    /** `window.openai` injected first into every frame, its globals and methods. */
    openai: boolean;
  };
  /** Said in the log when a widget's MIME type gets no MCP Apps bridge. */
  noBridgeNote(mimeType: string): string;
  /** The sandbox tokens of the widget's iframe (`allow-same-origin` is added for a separate origin). */
  sandbox: readonly string[];
  themes: readonly Theme[];
  /** CSS variables sent as `styles.variables`, per theme; `--color-background-primary` is also the stage's background. */
  styles: Record<Theme, Record<string, string>>;
  displayModes: readonly DisplayMode[];
  /**
   * The mode the host grants when a widget in `current` asks for `requested` on a device; a mode
   * the host lacks is answered with the one it keeps (the spec's "the mode actually set").
   */
  grantDisplayMode(requested: DisplayMode, device: string, current: DisplayMode): DisplayMode;
  /** Devices, by name; the first is the default. */
  devices: Record<string, DevicePreset>;
  limits: {
    /** `maxHeight` per display mode, in CSS pixels; `viewport`: the window's height. */
    maxHeight: Record<DisplayMode, number | "viewport">;
    /** Widest picture-in-picture window, in CSS pixels. */
    pipWidth: number;
  };
  /** The host context keys the host sends. */
  hostContext: readonly HostContextKey[];
  /** The host mirrors the locale to the frame's `<html lang>`. */
  mirrorsLocale: boolean;
  /** What a follow-up (`ui/message`, `sendFollowUpMessage`) does: sent as the user's turn, or only put in the composer. */
  followUps: "send" | "prefill";
  /** The host says `io.modelcontextprotocol/ui` in `initialize`: tools a server lists only to such clients reach it. */
  advertisesUi: boolean;
  /** The host accepts `_meta.ui.domain` only in this form, derived from the server's URL (Claude); absent: it takes the domain as given. */
  uiDomain?: DerivedUiDomain;
  /**
   * Why the host refuses to render a widget at all (undefined: it renders it), judged from the
   * resource's `_meta` and the URL the host reaches the server at (the tunnel's, else the local one).
   */
  refuseWidget?(meta: Record<string, unknown>, serverUrl: string): Promise<string | undefined>;
  /** The status line over a tool call, while it runs and once it has: ChatGPT shows the tool's own texts. */
  statusText(tool: Tool, phase: "invoking" | "invoked"): string;
  /** Fullscreen keeps the conversation's composer under the widget (ChatGPT's does). */
  fullscreenComposer: boolean;
  /** Why the host refuses a widget's call of a tool (undefined: it runs it). `tool` is undefined when the server has none by that name. */
  refuseToolCall(name: string, tool: Tool | undefined, via: ToolCallVia): string | undefined;
}
