import { AppServer, type AppServerOptions } from "../app/app-server.js";
import type { AppServerV2 } from "../app/app-server-v2.js";
import type { AnyAppDefinition } from "../app/define-app.js";
import { buildWidgetMeta } from "../app/tool-meta.js";
import { RESOURCE_MIME_TYPE, type AppContext, type SecurityScheme, type WidgetOptions } from "../app/types.js";
import type { StateFactory } from "../app/request-context.js";
import { MemoryStore } from "../state/memory-store.js";
import { defaultStatePrefix, ToolStateService } from "../state/tool-state.js";
import { widgetNameFromUri } from "../widgets/html.js";

/** A widget as the host serves it. */
export interface WidgetEntry {
  name: string;
  uri: string;
  hash: string;
  html: string;
  /** `_meta` of the resource: `ui` and the `openai/widget*` aliases. */
  meta: Record<string, unknown>;
  title?: string;
  description?: string;
}

/** Everything a fresh server is built from; swapped whole on reload. */
export interface AppState {
  app: AnyAppDefinition;
  widgets: ReadonlyMap<string, WidgetEntry>;
  mode: AppContext["mode"];
  /** Told where each tool and resource is registered (see AppServerOptions.onRegister). */
  onRegister?: AppServerOptions["onRegister"];
  /** Told of every error a tool handler throws (see AppServerOptions.onToolError). */
  onToolError?: AppServerOptions["onToolError"];
  /** Told of each tool definition mistake instead of a throw (see AppServerOptions.onDefinitionError). */
  onDefinitionError?: AppServerOptions["onDefinitionError"];
  /**
   * The resource server's check before each tool runs (see AppServerOptions.authorizeTool), told the
   * origin the call came in on when the server was built for one request or session.
   */
  authorizeTool?: (tool: string, schemes: SecurityScheme[] | undefined, extra: any, origin?: string) => unknown;
  /** `context.app.state` of each request (start: a file or Redis); default: this process's memory. */
  state?: StateFactory;
}

let processMemory: MemoryStore | undefined;
const memoryStates = new Map<string, StateFactory>();

/** State in this process's memory, under the app's prefix: dev, lint and chatgpt-app/testing. */
function memoryState(appName: string): StateFactory {
  let factory = memoryStates.get(appName);
  if (!factory) {
    processMemory ??= new MemoryStore();
    const service = new ToolStateService(processMemory, defaultStatePrefix(appName));
    factory = (owner) => service.forRequest(owner);
    memoryStates.set(appName, factory);
  }
  return factory;
}

export function widgetEntry(
  built: { name: string; uri: string; hash: string; html: string },
  options: WidgetOptions,
): WidgetEntry {
  return {
    name: built.name,
    uri: built.uri,
    hash: built.hash,
    html: built.html,
    meta: buildWidgetMeta(options),
    title: options.title,
    description: options.description,
  };
}

/** Merges a widget's own options over the shared ones (csp merged key by key). */
export function widgetOptionsFor(name: string, defaults: WidgetOptions, overrides: Record<string, WidgetOptions>): WidgetOptions {
  const own = overrides[name] ?? {};
  return { ...defaults, ...own, csp: { ...defaults.csp, ...own.csp } };
}

function serverOptionsFor(state: AppState, longLived = false, checkSchemas = false, origin?: string): AppServerOptions {
  const authorize = state.authorizeTool;
  const widgetUris = Object.fromEntries([...state.widgets.values()].map((w) => [w.name, w.uri]));
  return {
    widgetUris,
    resolveWidgetUri: (uri: string) => {
      const name = widgetNameFromUri(uri);
      return name === undefined ? undefined : state.widgets.get(name)?.uri;
    },
    defaultSecuritySchemes: state.app.securitySchemes,
    onRegister: state.onRegister,
    onToolError: state.onToolError,
    onDefinitionError: state.onDefinitionError,
    authorizeTool: authorize && origin !== undefined ? (tool, schemes, extra) => authorize(tool, schemes, extra, origin) : authorize,
    state: state.state ?? memoryState(state.app.name),
    longLived,
    checkSchemas,
  };
}

function contextFor(state: AppState): AppContext {
  const widgets = Object.fromEntries([...state.widgets.values()].map((w) => [w.name, { name: w.name, uri: w.uri, hash: w.hash }]));
  return { mode: state.mode, widgets };
}

/** The server an app registers on, on either SDK line. */
export type AnyAppServer = AppServer | AppServerV2;

/** Registers the widgets as resources, then runs the app's own setup. */
async function install(server: AnyAppServer, state: AppState, withWidgets = true): Promise<void> {
  if (withWidgets) registerWidgets(server, state);
  await (state.app.setup as (server: AnyAppServer, context: AppContext) => unknown)(server, contextFor(state));
}

function registerWidgets(server: AnyAppServer, state: AppState): void {
  for (const widget of state.widgets.values()) {
    const contents = { uri: widget.uri, mimeType: RESOURCE_MIME_TYPE, text: widget.html, _meta: widget.meta };
    server.registerResource(
      `widget-${widget.name}`,
      widget.uri,
      {
        title: widget.title ?? widget.name,
        description: widget.description,
        mimeType: RESOURCE_MIME_TYPE,
        _meta: widget.meta,
      },
      async () => ({ contents: [contents] }),
    );
  }
}

export interface CreateServerOptions {
  /** A session or test client: it can take a reload that adds the first tool or widget. */
  longLived?: boolean;
  /**
   * Register the widget resources (default). A stateless request that reads no resource
   * (most are `tools/call`) skips them: the server is built for that one request.
   */
  widgets?: boolean;
  /** Check every tool's schemas as it registers: what a load does once (AppServerOptions.checkSchemas). */
  checkSchemas?: boolean;
  /** The origin the request or session this server answers came in on: what a tool's sign-in challenge names. */
  origin?: string;
}

let v2: Promise<typeof import("../app/app-server-v2.js")> | undefined;

/** The v2 class; the v2 SDK is loaded only for an app that uses it. */
async function serverClassV2(): Promise<typeof AppServerV2> {
  v2 ??= import("../app/app-server-v2.js");
  return (await v2).AppServerV2;
}

/** A new server for the app, on its SDK line: one per stateless request, session or test client. */
export async function createAppServer(state: AppState, options: CreateServerOptions = {}): Promise<AnyAppServer> {
  const { app } = state;
  const Server = app.sdk === 2 ? await serverClassV2() : AppServer;
  const server = new Server(
    { name: app.name, version: app.version ?? "0.0.0" },
    app.instructions === undefined ? undefined : { instructions: app.instructions },
    serverOptionsFor(state, options.longLived, options.checkSchemas, options.origin),
  );
  await install(server, state, options.widgets ?? true);
  return server;
}

/** Re-registers a newer app on a connected server; the SDK notifies its client of each list change. */
export async function reinstallAppServer(server: AnyAppServer, state: AppState, origin?: string): Promise<void> {
  server.removeAllRegistrations(serverOptionsFor(state, true, false, origin));
  await install(server, state);
}
