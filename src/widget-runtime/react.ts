/**
 * React hooks over the widget runtime: the same code works in ChatGPT and in any MCP Apps
 * host. Each hook reads one field of the runtime's snapshot through `useSyncExternalStore`,
 * so a component re-renders only when what it reads changes.
 */
import { useCallback, useRef, useState, useSyncExternalStore } from "react";
import { getWidgetRuntime, WidgetHostError } from "./runtime.js";
import type { CallToolResult, DisplayMode, Theme, WidgetSnapshot } from "./types.js";

function useSnapshotField<K extends keyof WidgetSnapshot>(key: K): WidgetSnapshot[K] {
  const runtime = getWidgetRuntime();
  const read = () => runtime.getSnapshot()[key];
  return useSyncExternalStore(runtime.subscribe, read, read);
}

/** Everything the host told the widget, in one object (re-renders on any change). */
export function useWidgetSnapshot(): WidgetSnapshot {
  const runtime = getWidgetRuntime();
  return useSyncExternalStore(runtime.subscribe, runtime.getSnapshot, runtime.getSnapshot);
}

/** The arguments the tool was called with; `null` until the host sends them. */
export function useToolInput<T = Record<string, unknown>>(): T | null {
  return useSnapshotField("toolInput") as T | null;
}

/** The tool result's `structuredContent`; `null` until the result arrives. */
export function useToolOutput<T = Record<string, unknown>>(): T | null {
  return useSnapshotField("toolOutput") as T | null;
}

/** The tool result's `_meta`: data for the widget that the model never sees. */
export function useToolResponseMetadata<T = Record<string, unknown>>(): T | null {
  return useSnapshotField("toolResponseMetadata") as T | null;
}

export function useTheme(): Theme {
  return useSnapshotField("theme");
}

export function useDisplayMode(): DisplayMode {
  return useSnapshotField("displayMode");
}

export function useLocale(): string {
  return useSnapshotField("locale");
}

export function useMaxHeight(): number | undefined {
  return useSnapshotField("maxHeight");
}

/** Asks the host for another display mode; resolves with the one it granted. */
export function useRequestDisplayMode(): (mode: DisplayMode) => Promise<DisplayMode> {
  return useCallback((mode: DisplayMode) => getWidgetRuntime().requestDisplayMode(mode), []);
}

/** Posts a message in the conversation as if the user wrote it. */
export function useSendFollowUpMessage(): (prompt: string) => Promise<void> {
  return useCallback((prompt: string) => getWidgetRuntime().sendFollowUpMessage(prompt), []);
}

/** Asks the host to open a URL outside the widget. */
export function useOpenExternal(): (href: string) => Promise<void> {
  return useCallback((href: string) => getWidgetRuntime().openExternal(href), []);
}

export type SetWidgetState<T> = (next: T | ((previous: T) => T)) => void;

/**
 * State kept with this widget instance, like `useState`. In ChatGPT it survives the widget
 * being shown again (and the model sees it: keep it small). `defaultState` is used until
 * the widget saves a state of its own.
 */
export function useWidgetState<T>(defaultState: T | (() => T)): readonly [T, SetWidgetState<T>];
export function useWidgetState<T>(): readonly [T | null, SetWidgetState<T | null>];
export function useWidgetState<T>(defaultState?: T | (() => T)): readonly [T | null, SetWidgetState<T | null>] {
  const saved = useSnapshotField("widgetState") as T | null;
  const [fallback] = useState<T | null>(() =>
    typeof defaultState === "function" ? (defaultState as () => T)() : (defaultState ?? null),
  );
  const fallbackRef = useRef(fallback);
  const setState = useCallback<SetWidgetState<T | null>>((next) => {
    const runtime = getWidgetRuntime();
    const previous = (runtime.getSnapshot().widgetState as T | null) ?? fallbackRef.current;
    const value = typeof next === "function" ? (next as (previous: T | null) => T | null)(previous) : next;
    void runtime.setWidgetState(value).catch(() => undefined);
  }, []);
  return [saved ?? fallback, setState] as const;
}

export interface CallToolState<Output> {
  /** The last successful result's `structuredContent`. */
  data: Output | undefined;
  /** The last result, errors included. */
  result: CallToolResult | undefined;
  /** Why the last call failed: the tool's own error text, or the bridge's. */
  error: Error | undefined;
  isPending: boolean;
}

export interface CallTool<Args, Output> extends CallToolState<Output> {
  /** Calls the tool; resolves with its result, or undefined when the call failed (see `error`). Never rejects. */
  call(args: Args): Promise<CallToolResult | undefined>;
}

/**
 * Calls a tool of the widget's own server from the widget (its visibility must include
 * "app"), keeping the latest result, error and pending flag for rendering.
 */
export function useCallTool<Args extends object = Record<string, unknown>, Output = Record<string, unknown>>(
  name: string,
): CallTool<Args, Output> {
  const [state, setState] = useState<CallToolState<Output>>({ data: undefined, result: undefined, error: undefined, isPending: false });
  const latest = useRef(0);
  const call = useCallback(
    async (args: Args) => {
      const id = ++latest.current;
      setState((s) => ({ ...s, isPending: true, error: undefined }));
      try {
        const result = await getWidgetRuntime().callTool(name, args as Record<string, unknown>);
        if (id === latest.current) {
          const text = result.content.flatMap((c) => (c.type === "text" ? [c.text] : []))[0];
          setState((s) =>
            result.isError
              ? { ...s, result, isPending: false, error: new WidgetHostError(text ?? `The tool ${name} failed.`) }
              : { data: result.structuredContent as Output | undefined, result, error: undefined, isPending: false },
          );
        }
        return result;
      } catch (error) {
        if (id === latest.current) setState((s) => ({ ...s, isPending: false, error: error as Error }));
        return undefined;
      }
    },
    [name],
  );
  return { ...state, call };
}
