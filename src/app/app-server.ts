import { McpServer, type BaseToolCallback, type RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { AnySchema, ZodRawShapeCompat } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import type { Implementation, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { ServerOptions } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest, CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv-provider.js";
import { DEBOUNCED_NOTIFICATIONS, Registrations, type AppServerOptions, type Removable } from "./registrations.js";
import type { AppRequestContext, ChatGptToolOptions } from "./types.js";

export type { AppServerOptions } from "./registrations.js";

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

/** The SDK's handler context with chatgpt-app's `app` (the same on both SDK lines). */
export type AppToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification> & { app: AppRequestContext };

/** A tool handler: `(args, context)` with an input schema, `(context)` without. */
export type AppToolCallback<InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined> = BaseToolCallback<
  CallToolResult,
  AppToolExtra,
  InputArgs
>;

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

/**
 * The server an app written for `@modelcontextprotocol/sdk` 1.x registers on: the SDK's own
 * `McpServer`, whose `registerTool` also takes `widget`, `visibility`, `invoking`, `invoked` and
 * `securitySchemes` and passes the SDK every key ChatGPT and MCP Apps hosts read, written from
 * them (see Registrations). Nothing of the SDK is patched: each method below calls the SDK's.
 */
export class AppServer extends McpServer {
  readonly #app: Registrations;

  constructor(serverInfo: Implementation, serverOptions: ServerOptions | undefined, options: AppServerOptions) {
    super(serverInfo, {
      jsonSchemaValidator: sharedJsonSchemaValidator(),
      ...serverOptions,
      debouncedNotificationMethods: DEBOUNCED_NOTIFICATIONS,
    });
    this.#app = new Registrations(options);
    if (options.longLived) this.#declareListCapabilities();
  }

  /**
   * The SDK declares the tools and resources capabilities on the first registration and
   * refuses new capabilities once connected. Declaring both up front (a placeholder that is
   * registered and removed at once) means a client that connected while the app had no tools
   * or widgets still sees them after a reload adds some, and gets empty lists until then.
   */
  #declareListCapabilities(): void {
    super.registerTool("chatgpt-app-placeholder", {}, async () => ({ content: [] })).remove();
    super.registerResource("chatgpt-app-placeholder", "ui://chatgpt-app/placeholder", {}, async () => ({ contents: [] })).remove();
  }

  override registerTool<
    OutputArgs extends ZodRawShapeCompat | AnySchema,
    InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  >(name: string, config: AppToolConfig<InputArgs, OutputArgs>, cb: AppToolCallback<InputArgs>): RegisteredTool {
    const [sdkConfig, handler] = this.#app.toolConfig(name, config as never, cb as never);
    return this.#app.track(super.registerTool(name, sdkConfig, handler as never));
  }

  // The older registration methods, recorded for reloads like the rest.
  override tool(...args: unknown[]): RegisteredTool {
    this.#app.noteRegistration("tool", args[0]);
    const last = args.length - 1;
    if (typeof args[0] === "string" && typeof args[last] === "function") args[last] = this.#app.toolHandler(args[0], args[last] as never);
    return this.#app.track((super.tool as (...a: unknown[]) => RegisteredTool)(...args));
  }

  override registerResource(...args: unknown[]): never {
    this.#app.noteRegistration("resource", args[1]);
    return this.#app.track((super.registerResource as (...a: unknown[]) => Removable)(...args)) as never;
  }

  override resource(...args: unknown[]): never {
    this.#app.noteRegistration("resource", args[1]);
    return this.#app.track((super.resource as (...a: unknown[]) => Removable)(...args)) as never;
  }

  override registerPrompt(...args: unknown[]): never {
    return this.#app.track((super.registerPrompt as (...a: unknown[]) => Removable)(...args)) as never;
  }

  override prompt(...args: unknown[]): never {
    return this.#app.track((super.prompt as (...a: unknown[]) => Removable)(...args)) as never;
  }

  override connect(transport: Transport): Promise<void> {
    return super.connect(this.#app.transport(transport));
  }

  /**
   * Removes everything registered so far (tools, resources, prompts) so that a newer
   * version of the app can register again on the same connected server: how a client
   * that holds a session sees a reload, with list-changed notifications.
   */
  removeAllRegistrations(options: AppServerOptions): void {
    this.#app.removeAll(options);
  }
}
