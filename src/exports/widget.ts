/**
 * `chatgpt-app/widget`: the framework-free widget runtime. The same code runs in ChatGPT and
 * in any MCP Apps host: the MCP Apps bridge (`ui/*` over postMessage) first, `window.openai`
 * behind feature detection.
 *
 * ```ts
 * import { getWidgetRuntime } from "chatgpt-app/widget";
 * const widget = getWidgetRuntime();
 * widget.subscribe(() => render(widget.getSnapshot().toolOutput));
 * await widget.callTool("roll_dice", { count: 2 });
 * ```
 *
 * The MCP Apps client itself is reached as `widget.app`; its protocol internals are not exports.
 */
export {
  createWidgetRuntime,
  getWidgetRuntime,
  WidgetHostError,
  type WidgetRuntime,
  type WidgetRuntimeOptions,
} from "../widget-runtime/runtime.js";
export { findOpenAi } from "../widget-runtime/openai.js";
export {
  SET_GLOBALS_EVENT,
  type BridgeKind,
  type CallToolResult,
  type DeviceInfo,
  type DeviceType,
  type DisplayMode,
  type OpenAiApi,
  type OpenAiGlobals,
  type OpenAiMethods,
  type OpenAiUserAgent,
  type SafeAreaInsets,
  type SetGlobalsEventDetail,
  type Theme,
  type WidgetSnapshot,
  type WindowWithOpenAi,
} from "../widget-runtime/types.js";
