import { EventEmitter } from "node:events";
import type { PreviewEvent, RebuildKind } from "../preview/routes.js";

export type { PreviewEvent, RebuildKind };

/**
 * What `chatgpt-app dev` reports, in process (the `events` emitter of the dev server) and
 * as NDJSON on stdout with `--json`. Every event carries `time` (ISO 8601). The shapes are
 * a public contract: add fields, never rename or remove them.
 */
export type DevEvent = (
  | ReadyEvent
  | RebuildEvent
  | DevErrorEvent
  | TunnelEvent
  | WarningEvent
  | ToolErrorEvent
) & { time: string };

export interface ReadyEvent {
  type: "ready";
  /** The app's name (`app` mode) or the project folder's. */
  app: string;
  /** The local origin, e.g. `http://127.0.0.1:8787`. */
  url: string;
  /** What an MCP client connects to locally. */
  mcpUrl: string;
  previewUrl: string;
  port: number;
  /** The port asked for (`--port`, PORT, config, 8787); differs from `port` when it was taken. */
  requestedPort: number;
  durationMs: number;
  /** `app` serves the TypeScript app module; `command` runs `server.command` (Python and others). */
  mode: "app" | "command";
  /** Tools served (`app` mode only). */
  tools?: number;
  widgets: number;
  /** Process id of `server.command` (`command` mode only). */
  childPid?: number;
}

export interface RebuildEvent {
  type: "rebuild";
  kind: RebuildKind;
  /** The widget's name, `app` for the app module, `command` for server.command, or the config file. */
  name: string;
  durationMs: number;
  /** The widget's new `ui://` URI. */
  uri?: string;
  hash?: string;
  /** Tools served after a server rebuild (`app` mode). */
  tools?: number;
  /** The file whose change caused it, relative to the project. */
  file?: string;
  childPid?: number;
}

export interface DevErrorEvent {
  type: "error";
  kind: RebuildKind;
  name: string;
  /** Stable snake_case code, e.g. `widget_build_failed`, `app_compile_error`. */
  code: string;
  /** The formatted error (file:line:col and a code frame when there is one). */
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export type TunnelEvent =
  | { type: "tunnel"; status: "up"; url: string; mcpUrl: string; provider: string }
  | { type: "tunnel"; status: "down"; message: string; retryInMs: number }
  | { type: "tunnel"; status: "reconnecting" | "reconnected"; url: string }
  | {
      type: "tunnel";
      status: "off";
      reason: "disabled" | "no_token";
      /** With `no_token`: the provider, the environment variable its token is read from, and where to get one. */
      provider?: string;
      authtokenEnv?: string;
      authtokenUrl?: string;
    };

export interface WarningEvent {
  type: "warning";
  code: string;
  message: string;
}

/**
 * A tool handler threw (`app` mode). The client got an `isError` result with the message;
 * this is the rest, for the developer. Tool arguments are never included.
 */
export interface ToolErrorEvent {
  type: "tool-error";
  /** The tool whose handler threw. */
  tool: string;
  /** `TypeError: …`, as thrown. */
  error: string;
  /** Stack frames, innermost first, mapped to the project's sources (paths relative to it). */
  stack: string[];
  /** For people: the error, a code frame at its innermost frame in the project, and the stack. */
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/** A DevEvent without its `time`, as parts of dev report them. */
export type DevEventInput = DevEvent extends infer E ? (E extends DevEvent ? Omit<E, "time"> : never) : never;

/** The dev server's event bus: `on("event", …)` for everything, `on("preview", …)` for the page. */
export class DevEvents extends EventEmitter<{ event: [DevEvent]; preview: [PreviewEvent] }> {
  report(input: DevEventInput): DevEvent {
    const event = { ...input, time: new Date().toISOString() } as DevEvent;
    this.emit("event", event);
    const preview = previewEventOf(event);
    if (preview) this.emit("preview", preview);
    return event;
  }
}

function previewEventOf(event: DevEvent): PreviewEvent | undefined {
  if (event.type === "rebuild" && event.kind === "widget" && event.uri && event.hash) {
    return { type: "widget-rebuilt", name: event.name, uri: event.uri, hash: event.hash };
  }
  if (event.type === "rebuild" && event.kind !== "widget") return { type: "server-rebuilt", tools: event.tools };
  if (event.type === "error") return { type: "build-error", kind: event.kind, name: event.name, message: event.message };
  return undefined;
}
