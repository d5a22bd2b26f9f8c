import type { ReadyEvent } from "./events.js";
import type { FileChange } from "./watcher.js";

/** Where a backend serves, once it listens. */
export interface BackendUrls {
  /** The port the app answers on (the child's own in command mode). */
  port: number;
  /** The local origin of the app. */
  url: string;
  mcpUrl: string;
  /** The preview page (beside the child in command mode). */
  previewUrl: string;
}

/**
 * What dev serves from one config: the app module in process (app mode) or a server in another
 * language run as a child (command mode, `server.command`). Made ready by its `prepare`; a config
 * change closes it and prepares a new one, while the watcher and the tunnel outlive it.
 */
export interface DevBackend {
  readonly mode: "app" | "command";
  /**
   * Serves on `port` (or the next free one unless `strict`). `beforeServe` runs once the app's
   * port is known, before a child starts on it (the tunnel opens there).
   */
  listen(port: number, strict: boolean, beforeServe?: (port: number) => Promise<void>): Promise<void>;
  /** Routes a file change to the rebuilds it concerns. */
  handleChange(change: FileChange): void;
  /** Where it serves; throws before `listen`. */
  urls(): BackendUrls;
  /** The ready event's description of what is served. */
  summary(): Promise<Pick<ReadyEvent, "app" | "tools" | "widgets" | "childPid">>;
  /** Accepts the tunnel's Host (a child is restarted to accept it too). */
  setTunnelUrl(url: string | undefined): void;
  /** Resolves once every rebuild asked for so far is done. */
  idle(): Promise<void>;
  /** Stops rebuilding, closes the HTTP server and ends the child; idempotent. */
  close(): Promise<void>;
}

/** Not listening yet: a backend's `urls()` called before its `listen()` resolved is a bug. */
export function notListening(): Error {
  return new Error("The dev backend is not listening yet; this is a bug.");
}
