import {
  McpServer,
  type BaseToolCallback,
  type CallToolResult,
  type Icon,
  type Implementation,
  type InputRequiredResult,
  type RegisteredTool,
  type ServerContext,
  type ServerOptions,
  type StandardSchemaWithJSON,
  type ToolAnnotations,
  type Transport,
} from "@modelcontextprotocol/server";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/server/validators/ajv";
import { DEBOUNCED_NOTIFICATIONS, Registrations, type AppServerOptions, type Removable } from "./registrations.js";
import type { AppRequestContext, ChatGptToolOptions } from "./types.js";

/** The v2 SDK's `registerTool` config plus what chatgpt-app adds. */
export type AppToolConfigV2<InputArgs, OutputArgs> = {
  title?: string;
  description?: string;
  inputSchema?: InputArgs;
  outputSchema?: OutputArgs;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
} & ChatGptToolOptions;

/** The v2 SDK's handler context with chatgpt-app's `app` (the same on both SDK lines). */
export type AppToolContextV2 = ServerContext & { app: AppRequestContext };

type AppToolResultV2 = CallToolResult | InputRequiredResult;

let validator: AjvJsonSchemaValidator | undefined;

/** The server an app written for `@modelcontextprotocol/server` 2.x registers on (see AppServer, its v1 twin). */
export class AppServerV2 extends McpServer {
  readonly #app: Registrations;

  constructor(serverInfo: Implementation, serverOptions: ServerOptions | undefined, options: AppServerOptions) {
    validator ??= new AjvJsonSchemaValidator();
    super(serverInfo, { jsonSchemaValidator: validator, ...serverOptions, debouncedNotificationMethods: DEBOUNCED_NOTIFICATIONS });
    this.#app = new Registrations(options);
    if (options.longLived) {
      // As on v1: the capabilities are declared before a client connects, so a reload can add the first tool or widget.
      super.registerTool("chatgpt-app-placeholder", {}, async () => ({ content: [] })).remove();
      super.registerResource("chatgpt-app-placeholder", "ui://chatgpt-app/placeholder", {}, async () => ({ contents: [] })).remove();
    }
  }

  override registerTool<OutputArgs extends StandardSchemaWithJSON, InputArgs extends StandardSchemaWithJSON | undefined = undefined>(
    name: string,
    config: AppToolConfigV2<InputArgs, OutputArgs>,
    cb: BaseToolCallback<AppToolResultV2, AppToolContextV2, InputArgs>,
  ): RegisteredTool;
  /** A raw shape (`{ field: z.string() }`) for a schema, as v1 apps write it. */
  override registerTool(
    name: string,
    config: AppToolConfigV2<Record<string, StandardSchemaWithJSON>, Record<string, StandardSchemaWithJSON> | StandardSchemaWithJSON>,
    cb: (args: any, context: AppToolContextV2) => AppToolResultV2 | Promise<AppToolResultV2>,
  ): RegisteredTool;
  override registerTool(name: string, config: object, cb: unknown): RegisteredTool {
    const [sdkConfig, handler] = this.#app.toolConfig(name, config as never, cb as never);
    return this.#app.track((super.registerTool as (...a: unknown[]) => RegisteredTool)(name, sdkConfig, handler));
  }

  override registerResource(...args: unknown[]): never {
    this.#app.noteRegistration("resource", args[1]);
    return this.#app.track((super.registerResource as (...a: unknown[]) => Removable)(...args)) as never;
  }

  override registerPrompt(...args: unknown[]): never {
    return this.#app.track((super.registerPrompt as (...a: unknown[]) => Removable)(...args)) as never;
  }

  override connect(transport: Transport): Promise<void> {
    return super.connect(this.#app.transport(transport));
  }

  /** Removes everything registered so far, for a reload (see AppServer.removeAllRegistrations). */
  removeAllRegistrations(options: AppServerOptions): void {
    this.#app.removeAll(options);
  }
}
