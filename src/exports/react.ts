/**
 * `chatgpt-app/react`: typed React hooks for widgets, working in ChatGPT and in any MCP Apps
 * host, and the types they return. React is a peer dependency: the project's own copy is used.
 * The framework-free runtime under them is `chatgpt-app/widget`.
 *
 * ```tsx
 * import { useToolOutput, useCallTool, useTheme } from "chatgpt-app/react";
 * function Dice() {
 *   const roll = useToolOutput<{ total: number }>();
 *   const again = useCallTool<{ count: number }, { total: number }>("roll_dice");
 *   return <button onClick={() => again.call({ count: 2 })}>{again.data?.total ?? roll?.total}</button>;
 * }
 * ```
 */
export {
  useCallTool,
  useDisplayMode,
  useLocale,
  useMaxHeight,
  useOpenExternal,
  useRequestDisplayMode,
  useSendFollowUpMessage,
  useTheme,
  useToolInput,
  useToolOutput,
  useToolResponseMetadata,
  useWidgetSnapshot,
  useWidgetState,
  type CallTool,
  type CallToolState,
  type SetWidgetState,
} from "../widget-runtime/react.js";
// What a React widget needs beside the hooks: the types they return, and the error a call rejects with.
export { WidgetHostError } from "../widget-runtime/runtime.js";
export type {
  BridgeKind,
  CallToolResult,
  DeviceInfo,
  DeviceType,
  DisplayMode,
  SafeAreaInsets,
  Theme,
  WidgetSnapshot,
} from "../widget-runtime/types.js";
