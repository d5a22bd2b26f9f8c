/**
 * `chatgpt-app/react`: typed React hooks for widgets, working in ChatGPT and in any MCP Apps
 * host. React is a peer dependency: the project's own copy is used.
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
export * from "./widget.js";
