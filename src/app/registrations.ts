import { decorateTransport } from "./app-transport.js";
import { requestContext, type StateFactory } from "./request-context.js";
import { AppDefinitionError, buildToolMeta, toolSecuritySchemes } from "./tool-meta.js";
import { checkToolSchemas } from "./tool-schema.js";
import type { ChatGptToolOptions, SecurityScheme } from "./types.js";

export interface AppServerOptions {
  /** Current URI of each widget, by name. */
  widgetUris: Readonly<Record<string, string>>;
  /** Maps any URI of a known widget (an older hash included) to its current URI. */
  resolveWidgetUri?: (uri: string) => string | undefined;
  defaultSecuritySchemes?: SecurityScheme[];
  /**
   * Called for every tool and resource registered, with an Error made at the call: its
   * stack says where in the user's code the registration is (lint points at it). Off by
   * default, since capturing a stack per tool costs time on every stateless request.
   */
  onRegister?: (kind: "tool" | "resource", key: string, site: Error) => void;
  /**
   * When set, a tool definition mistake is reported here (with an Error made at the call,
   * for where) instead of thrown, and the tool is registered with the user's own `_meta`, so
   * setup goes on and a check can list every mistake, not only the first.
   */
  onDefinitionError?: (error: AppDefinitionError, site: Error) => void;
  /**
   * For a server that stays connected (a session): declare the tools and resources
   * capabilities from the start, so a reload can add the first tool or widget.
   */
  longLived?: boolean;
  /**
   * Check each tool's input and output schema as it is registered (see checkToolSchemas).
   * What a load does once; off for the servers built per request, where it would cost time.
   */
  checkSchemas?: boolean;
  /**
   * Told of every error a tool handler throws (the client still gets an `isError` result),
   * with the tool's name: what dev prints and `start` logs. Never given the arguments.
   */
  onToolError?: (tool: string, error: unknown) => void;
  /**
   * Asked before each tool handler runs, with the tool's securitySchemes and the call's context
   * (`authInfo` on both lines, `requestInfo`): a result to answer instead (the sign-in challenge of
   * an `oauth2` tool called without a token), or undefined to run the handler.
   */
  authorizeTool?: (tool: string, schemes: SecurityScheme[] | undefined, extra: any) => unknown;
  /** The state API of a request (`context.app.state`); without it, state calls say no store is there. */
  state?: StateFactory;
}

export interface Removable {
  remove(): void;
}

type Handler = (...args: unknown[]) => unknown;

/** The debounced list-changed notifications: a reload re-registers everything at once. */
export const DEBOUNCED_NOTIFICATIONS = [
  "notifications/tools/list_changed",
  "notifications/resources/list_changed",
  "notifications/prompts/list_changed",
];

/**
 * What an app server adds to either SDK line's `McpServer`, kept apart from both so the two
 * classes only forward to it: tool configs turned into the SDK's own (every metadata key
 * written from chatgpt-app's options), handlers given `context.app` and watched for errors,
 * every registration recorded so a reload can remove it, and the wire decorations.
 */
export class Registrations {
  #options: AppServerOptions;
  #handles: Removable[] = [];

  constructor(options: AppServerOptions) {
    this.#options = options;
  }

  get options(): AppServerOptions {
    return this.#options;
  }

  /** The SDK's `registerTool` config for one of ours, and the handler to register. */
  toolConfig(name: string, config: Record<string, unknown> & ChatGptToolOptions, handler: Handler): [Record<string, unknown>, Handler] {
    this.noteRegistration("tool", name);
    const { widget, visibility, invoking, invoked, securitySchemes, _meta, ...sdkConfig } = config;
    const userMeta = _meta as Record<string, unknown> | undefined;
    const schemasOk = this.#collect(name, () => {
      if (this.#options.checkSchemas) checkToolSchemas(name, sdkConfig);
      return true;
    }, false);
    const meta = this.#collect(
      name,
      () =>
        buildToolMeta({
          tool: name,
          options: { widget, visibility, invoking, invoked, securitySchemes },
          userMeta,
          widgetUris: this.#options.widgetUris,
          defaultSecuritySchemes: this.#options.defaultSecuritySchemes,
        }),
      userMeta,
    );
    // On a check server that collects mistakes, a tool whose schemas were refused is registered
    // without them, so setup goes on to the next mistake.
    const schemas = schemasOk ? {} : { inputSchema: undefined, outputSchema: undefined };
    const schemes = toolSecuritySchemes({ securitySchemes }, userMeta, this.#options.defaultSecuritySchemes);
    return [{ ...sdkConfig, ...schemas, _meta: meta }, this.toolHandler(name, handler, schemes)];
  }

  /**
   * The handler as registered: its context (the SDK's last argument, on both lines) gets
   * `app`, and what it throws is told to `onToolError` before the SDK turns it into an
   * `isError` result.
   */
  toolHandler(tool: string, handler: Handler, schemes = this.#options.defaultSecuritySchemes): Handler {
    return async (...args: unknown[]) => {
      const context = args[args.length - 1];
      if (typeof context === "object" && context !== null) (context as { app?: unknown }).app = requestContext(context, this.#options.state);
      if (this.#options.authorizeTool) {
        const extra = (typeof context === "object" && context !== null ? context : {}) as { authInfo?: unknown; http?: { authInfo?: unknown } };
        const refused = this.#options.authorizeTool(tool, schemes, { ...extra, authInfo: extra.authInfo ?? extra.http?.authInfo });
        if (refused !== undefined) return refused;
      }
      try {
        return await handler(...args);
      } catch (error) {
        try {
          this.#options.onToolError?.(tool, error);
        } catch {
          // Reporting must never change what the client gets.
        }
        throw error;
      }
    };
  }

  /** Tells `onRegister` where a tool or resource is registered, when it asked. */
  noteRegistration(kind: "tool" | "resource", key: unknown): void {
    const onRegister = this.#options.onRegister;
    if (onRegister && typeof key === "string") onRegister(kind, key, new Error(`${kind} ${key} registered here`));
  }

  /** Records a registration so a reload can remove it; returns it. */
  track<T extends Removable>(handle: T): T {
    this.#handles.push(handle);
    return handle;
  }

  /** Removes every registration recorded; the next ones are made with `options`. */
  removeAll(options: AppServerOptions): void {
    for (const handle of this.#handles.splice(0)) handle.remove();
    this.#options = options;
  }

  /** The transport as the server should see it (see decorateTransport). */
  transport<T extends object>(transport: T): T {
    return decorateTransport(transport, { resolveWidgetUri: (uri) => this.#options.resolveWidgetUri?.(uri) });
  }

  /** Runs one definition check; a mistake is reported (when the server collects them) or thrown. */
  #collect<T>(tool: string, check: () => T, fallback: T): T {
    try {
      return check();
    } catch (error) {
      const report = this.#options.onDefinitionError;
      if (!(error instanceof AppDefinitionError) || !report) throw error;
      report(error, new Error(`tool ${tool} registered here`));
      return fallback;
    }
  }
}
