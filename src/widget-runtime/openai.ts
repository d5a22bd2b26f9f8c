/**
 * ChatGPT's `window.openai`, behind feature detection: reading its globals into a snapshot
 * patch, and turning what its methods return into MCP shapes.
 */
import type {
  CallToolResult,
  DeviceType,
  DisplayMode,
  HostContext,
  OpenAiApi,
  OpenAiGlobals,
  SafeAreaInsets,
  Theme,
  WidgetSnapshot,
  WindowWithOpenAi,
} from "./types.js";

/** `window.openai` when this page has one (ChatGPT, or a host emulating it). */
export function findOpenAi(win: Window | undefined = globalThis.window): OpenAiApi | undefined {
  const openai = (win as WindowWithOpenAi | undefined)?.openai;
  return typeof openai === "object" && openai !== null ? openai : undefined;
}

const THEMES: readonly string[] = ["light", "dark"];
const DISPLAY_MODES: readonly string[] = ["inline", "pip", "fullscreen"];
const DEVICE_TYPES: readonly string[] = ["desktop", "tablet", "mobile", "unknown"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function recordOrNull(value: unknown): Record<string, unknown> | null {
  return isRecord(value) ? value : null;
}

function insetsOf(value: unknown): SafeAreaInsets | undefined {
  if (!isRecord(value)) return undefined;
  const n = (k: string) => (typeof value[k] === "number" ? (value[k] as number) : 0);
  return { top: n("top"), right: n("right"), bottom: n("bottom"), left: n("left") };
}

/**
 * The part of a snapshot that a set of `window.openai` globals describes. Only keys present
 * in `globals` appear, so a partial `openai:set_globals` only changes what it names.
 */
export function snapshotPatchFromOpenAi(globals: Partial<OpenAiGlobals>, current: WidgetSnapshot): Partial<WidgetSnapshot> {
  const patch: Partial<WidgetSnapshot> = {};
  // `in`, not own keys: ChatGPT's object may expose its globals through getters.
  const has = (key: keyof OpenAiGlobals) => key in globals;
  if (has("toolInput")) patch.toolInput = recordOrNull(globals.toolInput);
  if (has("toolOutput")) patch.toolOutput = recordOrNull(globals.toolOutput);
  if (has("toolResponseMetadata")) patch.toolResponseMetadata = recordOrNull(globals.toolResponseMetadata);
  if (has("widgetState")) patch.widgetState = globals.widgetState ?? null;
  if (has("theme") && THEMES.includes(globals.theme as string)) patch.theme = globals.theme as Theme;
  if (has("displayMode") && DISPLAY_MODES.includes(globals.displayMode as string)) {
    patch.displayMode = globals.displayMode as DisplayMode;
  }
  if (has("locale") && typeof globals.locale === "string") patch.locale = globals.locale;
  if (has("maxHeight")) patch.maxHeight = typeof globals.maxHeight === "number" ? globals.maxHeight : undefined;
  if (has("safeArea")) patch.safeArea = insetsOf(globals.safeArea?.insets) ?? current.safeArea;
  if (has("userAgent") && isRecord(globals.userAgent)) {
    const { device, capabilities } = globals.userAgent;
    const type = DEVICE_TYPES.includes(device?.type as string) ? (device.type as DeviceType) : current.device.type;
    patch.device = { type, touch: capabilities?.touch === true, hover: capabilities?.hover === true };
  }
  return patch;
}

/** The part of a snapshot that an MCP Apps host context (whole or a change) describes. */
export function snapshotPatchFromHostContext(context: HostContext, current: WidgetSnapshot): Partial<WidgetSnapshot> {
  const patch: Partial<WidgetSnapshot> = {};
  if (context.theme && THEMES.includes(context.theme)) patch.theme = context.theme;
  if (context.displayMode && DISPLAY_MODES.includes(context.displayMode)) patch.displayMode = context.displayMode;
  if (typeof context.locale === "string") patch.locale = context.locale;
  const dims = context.containerDimensions;
  if (dims) patch.maxHeight = dims.maxHeight ?? dims.height;
  const insets = insetsOf(context.safeAreaInsets);
  if (insets) patch.safeArea = insets;
  if (context.platform || context.deviceCapabilities) {
    const caps = context.deviceCapabilities;
    // MCP Apps only knows web, desktop and mobile; a tablet reports itself as mobile.
    const type: DeviceType = context.platform === "mobile" ? "mobile" : context.platform ? "desktop" : current.device.type;
    patch.device = { type, touch: caps?.touch ?? current.device.touch, hover: caps?.hover ?? current.device.hover };
  }
  return patch;
}

/**
 * What `window.openai.callTool` resolved with, as an MCP `CallToolResult`. ChatGPT resolves
 * with the tool result itself in practice, while its published types say `{ result: string }`;
 * both are accepted.
 */
export function toCallToolResult(value: unknown): CallToolResult {
  if (isRecord(value) && (Array.isArray(value.content) || isRecord(value.structuredContent))) {
    return { ...value, content: Array.isArray(value.content) ? value.content : [] } as CallToolResult;
  }
  if (isRecord(value) && typeof value.result === "string") {
    return { content: [{ type: "text", text: value.result }] };
  }
  return { content: [], structuredContent: recordOrNull(value) ?? undefined };
}
