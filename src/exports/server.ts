/**
 * `chatgpt-app/server`: what a user's `server/index.ts` imports.
 *
 * ```ts
 * import { defineApp } from "chatgpt-app/server";
 * export default defineApp({
 *   name: "pizza",
 *   securitySchemes: [{ type: "noauth" }],
 *   setup(server) {
 *     server.registerTool("show_pizza", { widget: "pizza", … }, async () => ({ … }));
 *   },
 * });
 * ```
 */
export { defineApp, type AppDefinition, type ChatGptApp } from "../app/define-app.js";
export { AppServer, type AppToolCallback, type AppToolConfig, type AppToolExtra } from "../app/app-server.js";
// The v2 server is a type here: importing this module must not load the v2 SDK for a v1 app.
export type { AppServerV2, AppToolConfigV2, AppToolContextV2 } from "../app/app-server-v2.js";
export { requestContext } from "../app/request-context.js";
export { AppDefinitionError } from "../app/tool-meta.js";
export {
  INVOCATION_TEXT_MAX,
  RESOURCE_MIME_TYPE,
  type AppAuthInfo,
  type AppContext,
  type AppRequestContext,
  type ChatGptToolOptions,
  type SdkLine,
  type SecurityScheme,
  type StateEntry,
  type StateScope,
  type StateWriteOptions,
  type ToolState,
  type ToolVisibility,
  type WidgetCsp,
  type WidgetInfo,
  type WidgetOptions,
} from "../app/types.js";
