import { McpServer, type RegisteredTool, type ToolCallback } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AnySchema, ZodRawShapeCompat } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import {
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type Implementation,
  type ToolAnnotations,
} from "@modelcontextprotocol/sdk/types.js";
import type { ServerOptions } from "@modelcontextprotocol/sdk/server/index.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv-provider.js";
import { AppDefinitionError, buildToolMeta, toolSecuritySchemes } from "./tool-meta.js";
import { checkToolSchemas } from "./tool-schema.js";
import type { ChatGptToolOptions, SecurityScheme } from "./types.js";

/** The SDK's `registerTool` config plus what chatgpt-app adds. */
export type AppToolConfig<
  InputArgs extends undefined | ZodRawShapeCompat | AnySchema,
  OutputArgs extends ZodRawShapeCompat | AnySchema,
> = {
  title?: string;
  description?: string;
  inputSchema?: InputArgs;
  outputSchema?: OutputArgs;
  annotations?: ToolAnnotations;
  _meta?: Record<string, unknown>;
} & ChatGptToolOptions;

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
   * Asked before each tool handler runs, with the tool's securitySchemes and the call's `extra`
   * (`authInfo`, `requestInfo`): a result to answer instead (the sign-in challenge of an `oauth2`
   * tool called without a token), or undefined to run the handler.
   */
  authorizeTool?: (tool: string, schemes: SecurityScheme[] | undefined, extra: any) => unknown;
}

let validator: AjvJsonSchemaValidator | undefined;

/**
 * Each SDK `Server` otherwise builds its own Ajv instance, the largest part of making one;
 * a server is made for every stateless request, and one validator serves them all (it keeps
 * no per-request state).
 */
function sharedJsonSchemaValidator(): AjvJsonSchemaValidator {
  validator ??= new AjvJsonSchemaValidator();
  return validator;
}

interface Removable {
  remove(): void;
}

const TRACKED_METHODS = ["tool", "registerTool", "resource", "registerResource", "prompt", "registerPrompt"] as const;
const KIND_OF: Partial<Record<(typeof TRACKED_METHODS)[number], "tool" | "resource">> = {
  tool: "tool",
  registerTool: "tool",
  resource: "resource",
  registerResource: "resource",
};

/**
 * A real `McpServer` whose `registerTool` also takes `widget`, `visibility`, `invoking`,
 * `invoked` and `securitySchemes`, and writes from them every key ChatGPT and MCP Apps
 * hosts read. Two things the SDK cannot do on its own are added to its handlers:
 * the top-level `securitySchemes` of each `tools/list` entry (the SDK drops it), and
 * reads of an older `ui://widget/<name>-<hash>.html`, which answer with the current HTML.
 */
export class AppServer extends McpServer {
  #options: AppServerOptions;
  #registered: Removable[] = [];

  constructor(serverInfo: Implementation, serverOptions: ServerOptions | undefined, options: AppServerOptions) {
    super(serverInfo, {
      jsonSchemaValidator: sharedJsonSchemaValidator(),
      ...serverOptions,
      debouncedNotificationMethods: [
        "notifications/tools/list_changed",
        "notifications/resources/list_changed",
        "notifications/prompts/list_changed",
      ],
    });
    this.#options = options;
    this.#decorateHandlers();
    if (options.longLived) this.#declareListCapabilities();
  }

  /**
   * The SDK declares the tools and resources capabilities on the first registration and
   * refuses new capabilities once connected. Declaring both up front (a placeholder that is
   * registered and removed at once) means a client that connected while the app had no tools
   * or widgets still sees them after a reload adds some, and gets empty lists until then.
   */
  #declareListCapabilities(): void {
    McpServer.prototype.registerTool.call(this, "chatgpt-app-placeholder", {}, async () => ({ content: [] })).remove();
    const registerResource = McpServer.prototype.registerResource as (
      this: McpServer,
      name: string,
      uri: string,
      config: object,
      read: () => Promise<{ contents: [] }>,
    ) => Removable;
    registerResource.call(this, "chatgpt-app-placeholder", "ui://chatgpt-app/placeholder", {}, async () => ({ contents: [] })).remove();
  }

  override registerTool<
    OutputArgs extends ZodRawShapeCompat | AnySchema,
    InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  >(name: string, config: AppToolConfig<InputArgs, OutputArgs>, cb: ToolCallback<InputArgs>): RegisteredTool {
    const { widget, visibility, invoking, invoked, securitySchemes, _meta, ...sdkConfig } = config;
    const schemasOk = this.#collectDefinitionError(name, () => {
      if (this.#options.checkSchemas) checkToolSchemas(name, sdkConfig);
      return true;
    }, false);
    const meta = this.#collectDefinitionError(
      name,
      () =>
        buildToolMeta({
          tool: name,
          options: { widget, visibility, invoking, invoked, securitySchemes },
          userMeta: _meta,
          widgetUris: this.#options.widgetUris,
          defaultSecuritySchemes: this.#options.defaultSecuritySchemes,
        }),
      _meta,
    );
    // On a check server that collects mistakes, a tool whose schemas were refused is registered
    // without them, so setup goes on to the next mistake.
    if (!schemasOk) return super.registerTool(name, { ...sdkConfig, inputSchema: undefined, outputSchema: undefined, _meta: meta }, cb);
    return super.registerTool(name, { ...sdkConfig, _meta: meta }, cb);
  }

  /** Runs one definition check; a mistake is reported (when the server collects them) or thrown. */
  #collectDefinitionError<T>(tool: string, check: () => T, fallback: T): T {
    try {
      return check();
    } catch (error) {
      const report = this.#options.onDefinitionError;
      if (!(error instanceof AppDefinitionError) || !report) throw error;
      report(error, new Error(`tool ${tool} registered here`));
      return fallback;
    }
  }

  /**
   * Removes everything registered so far (tools, resources, prompts) so that a newer
   * version of the app can register again on the same connected server: how a client
   * that holds a session sees a reload, with list-changed notifications.
   */
  removeAllRegistrations(options: AppServerOptions): void {
    for (const handle of this.#registered.splice(0)) handle.remove();
    this.#options = options;
  }

  /**
   * Every registration (tools, resources, prompts, old and new API) is recorded so a reload
   * can remove it. Patched once on the prototype rather than per instance: a server is built
   * for every stateless request.
   */
  static {
    const proto = AppServer.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const method of TRACKED_METHODS) {
      const original = proto[method]!;
      const kind = KIND_OF[method];
      proto[method] = function (this: AppServer, ...args: unknown[]) {
        const onRegister = this.#options.onRegister;
        if (kind && onRegister) {
          const key = kind === "tool" ? args[0] : args[1];
          if (typeof key === "string") onRegister(kind, key, new Error(`${kind} ${key} registered here`));
        }
        const last = args.length - 1;
        if (kind === "tool" && (this.#options.onToolError || this.#options.authorizeTool) && typeof args[0] === "string" && typeof args[last] === "function") {
          const config = method === "registerTool" && typeof args[1] === "object" && args[1] !== null ? (args[1] as AppToolConfig<undefined, AnySchema>) : undefined;
          const schemes = toolSecuritySchemes(config, config?._meta, this.#options.defaultSecuritySchemes);
          args[last] = this.#guardedHandler(args[0], schemes, args[last] as (...a: unknown[]) => unknown);
        }
        const handle = original.apply(this, args) as Removable;
        this.#registered.push(handle);
        return handle;
      };
    }
  }

  /**
   * The handler behind `authorizeTool` (its challenge answers instead when a token is missing),
   * telling `onToolError` what it throws before the SDK turns it into an `isError` result.
   */
  #guardedHandler(tool: string, schemes: SecurityScheme[] | undefined, handler: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
    return async (...args: unknown[]) => {
      // The SDK passes `extra` last: (args, extra), or (extra) for a tool without an input schema.
      const refused = this.#options.authorizeTool?.(tool, schemes, args[args.length - 1] ?? {});
      if (refused !== undefined) return refused;
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

  /**
   * The SDK installs its list and read handlers lazily, through the low-level server's
   * public `setRequestHandler`; wrapping that method lets us decorate them as they arrive.
   */
  #decorateHandlers(): void {
    const lowLevel = this.server;
    const setRequestHandler = lowLevel.setRequestHandler.bind(lowLevel) as (schema: unknown, handler: unknown) => void;
    const wrapped = (schema: unknown, handler: (request: any, extra: any) => unknown): void => {
      if (schema === ListToolsRequestSchema) {
        setRequestHandler(schema, async (request: unknown, extra: unknown) => {
          const result = (await handler(request, extra)) as { tools: Array<Record<string, unknown>> };
          for (const tool of result.tools) {
            // A hand-written handler may return anything; lint must still get to see it.
            if (typeof tool !== "object" || tool === null) continue;
            const schemes = (tool._meta as Record<string, unknown> | undefined)?.securitySchemes;
            if (schemes !== undefined) tool.securitySchemes = schemes;
          }
          return result;
        });
        return;
      }
      if (schema === ReadResourceRequestSchema) {
        setRequestHandler(schema, async (request: { params: { uri: string } }, extra: unknown) => {
          const asked = request.params.uri;
          const current = this.#options.resolveWidgetUri?.(asked);
          if (current === undefined || current === asked) return handler(request, extra);
          const result = (await handler({ ...request, params: { ...request.params, uri: current } }, extra)) as {
            contents: Array<{ uri: string }>;
          };
          return { ...result, contents: result.contents.map((c) => (c.uri === current ? { ...c, uri: asked } : c)) };
        });
        return;
      }
      setRequestHandler(schema, handler);
    };
    (lowLevel as unknown as { setRequestHandler: typeof wrapped }).setRequestHandler = wrapped;
  }
}
