/**
 * Widget state: what the widget wants back when ChatGPT shows it again (scrolling back, a
 * reload). ChatGPT keeps it per widget instance through `window.openai`; other MCP Apps hosts
 * have no such store, so there the state lives only as long as the widget does.
 */
interface OpenAiWidgetGlobals {
  widgetState?: unknown;
  setWidgetState?: (state: unknown) => Promise<void> | void;
}

declare global {
  interface Window {
    openai?: OpenAiWidgetGlobals;
  }
}

let memory: unknown;

/** The saved state, or undefined the first time. */
export function loadWidgetState<T>(): T | undefined {
  const saved = typeof window.openai?.setWidgetState === "function" ? window.openai.widgetState : memory;
  return (saved ?? undefined) as T | undefined;
}

/** Saves the state; ChatGPT also shows it to the model, so keep it small and free of secrets. */
export function saveWidgetState<T>(state: T): void {
  memory = state;
  if (typeof window.openai?.setWidgetState === "function") void window.openai.setWidgetState(state);
}
