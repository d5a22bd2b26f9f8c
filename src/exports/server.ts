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
export { AppServer, type AppToolConfig } from "../app/app-server.js";
export { AppDefinitionError } from "../app/tool-meta.js";
export {
  INVOCATION_TEXT_MAX,
  RESOURCE_MIME_TYPE,
  type AppContext,
  type ChatGptToolOptions,
  type SecurityScheme,
  type ToolVisibility,
  type WidgetCsp,
  type WidgetInfo,
  type WidgetOptions,
} from "../app/types.js";
