/**
 * Types of the widget runtime: what a widget sees of its host, whichever bridge carries it
 * (the MCP Apps `ui/*` bridge over postMessage, or ChatGPT's `window.openai`).
 * Browser code: imports nothing from chatgpt-app's Node-side layers.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";

export type { CallToolResult };

export type Theme = "light" | "dark";

/** How the host shows the widget: in the conversation, picture-in-picture, or fullscreen. */
export type DisplayMode = "inline" | "pip" | "fullscreen";

export type DeviceType = "desktop" | "tablet" | "mobile" | "unknown";

/** Which bridge carries the widget's data: MCP Apps once its handshake is done, else `window.openai`. */
export type BridgeKind = "mcp-apps" | "openai" | "none";

export interface SafeAreaInsets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface DeviceInfo {
  type: DeviceType;
  touch: boolean;
  hover: boolean;
}

/** Everything the widget knows about its host at one moment. Replaced whole on every change. */
export interface WidgetSnapshot {
  bridge: BridgeKind;
  /** The tool's arguments; `null` until the host sends them (ChatGPT may send them late). */
  toolInput: Record<string, unknown> | null;
  /** The tool result's `structuredContent`. */
  toolOutput: Record<string, unknown> | null;
  /** The tool result's `_meta`: seen by the widget only, never by the model. */
  toolResponseMetadata: Record<string, unknown> | null;
  /** The whole tool result, when it came over MCP Apps (content, structuredContent, _meta, isError). */
  toolResult: CallToolResult | null;
  /** State the widget saved for itself with `setWidgetState`. */
  widgetState: unknown;
  theme: Theme;
  displayMode: DisplayMode;
  /** BCP 47, e.g. `en-US`. */
  locale: string;
  /** Largest height the host gives the widget, in pixels, when it says. */
  maxHeight: number | undefined;
  safeArea: SafeAreaInsets;
  device: DeviceInfo;
}

/**
 * The fields of an MCP Apps host context (`McpUiHostContext` in ext-apps) that the runtime
 * reads. Written out because ext-apps' declaration files use extensionless relative imports,
 * which TypeScript's NodeNext resolution does not follow.
 */
export interface HostContext {
  theme?: Theme;
  displayMode?: DisplayMode;
  availableDisplayModes?: DisplayMode[];
  locale?: string;
  containerDimensions?: { height?: number; maxHeight?: number; width?: number; maxWidth?: number };
  platform?: "web" | "desktop" | "mobile";
  deviceCapabilities?: { touch?: boolean; hover?: boolean };
  safeAreaInsets?: SafeAreaInsets;
  [key: string]: unknown;
}

/** `window.openai.userAgent`, as ChatGPT types it. */
export interface OpenAiUserAgent {
  device: { type: DeviceType };
  capabilities: { hover: boolean; touch: boolean };
}

/** The data members of `window.openai` (https://developers.openai.com/apps-sdk/reference). */
export interface OpenAiGlobals {
  toolInput: Record<string, unknown> | null;
  toolOutput: Record<string, unknown> | null;
  toolResponseMetadata: Record<string, unknown> | null;
  widgetState: unknown;
  theme: Theme;
  locale: string;
  displayMode: DisplayMode;
  maxHeight: number;
  safeArea: { insets: SafeAreaInsets };
  userAgent: OpenAiUserAgent;
}

/** The methods of `window.openai` that chatgpt-app uses; every one is feature-detected before use. */
export interface OpenAiMethods {
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  sendFollowUpMessage(args: { prompt: string; scrollToBottom?: boolean }): Promise<void>;
  setWidgetState(state: unknown): Promise<void> | void;
  requestDisplayMode(args: { mode: DisplayMode }): Promise<{ mode: DisplayMode }>;
  openExternal(args: { href: string; redirectUrl?: false }): void;
  notifyIntrinsicHeight(height: number): void;
}

/** `window.openai`: ChatGPT's extension runtime. Members may be missing; always feature-detect. */
export type OpenAiApi = Partial<OpenAiGlobals> & Partial<OpenAiMethods>;

/** Detail of the `openai:set_globals` event ChatGPT dispatches on `window` when any global changes. */
export interface SetGlobalsEventDetail {
  globals: Partial<OpenAiGlobals>;
}

/**
 * A window that may carry ChatGPT's runtime. Not a global augmentation of `Window`, so it never
 * clashes with a project that declares `window.openai` itself (as OpenAI's examples do).
 */
export type WindowWithOpenAi = Window & { openai?: OpenAiApi };

/** The event ChatGPT dispatches on `window` when a global changes. */
export const SET_GLOBALS_EVENT = "openai:set_globals";
