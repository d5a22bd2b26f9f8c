import type { AppServer } from "./app-server.js";
import type { AppServerV2 } from "./app-server-v2.js";
import { AppDefinitionError, checkSecuritySchemes } from "./tool-meta.js";
import type { AppAuth, AppContext, SdkLine, SecurityScheme } from "./types.js";

/**
 * What a user's `server/index.ts` default-exports (through `defineApp`). `Server` is the type
 * `setup` is given: `AppServer` (the v1 SDK's `McpServer`) unless `setup` says `AppServerV2`.
 */
export interface AppDefinition<Server extends AppServer | AppServerV2 = AppServer> {
  /** The server's name, as MCP clients show it. */
  name: string;
  version?: string;
  /** Guidance for the model; ChatGPT reads the first 512 characters. */
  instructions?: string;
  /** Default `securitySchemes` for every tool that declares none, e.g. `[{ type: "noauth" }]`. */
  securitySchemes?: SecurityScheme[];
  /** The app as an OAuth resource server (see docs/auth.md); the config's `auth` and env `AUTH_ISSUER` win. */
  auth?: AppAuth;
  /**
   * The MCP SDK line the app is written for. chatgpt-app reads it from package.json
   * (`@modelcontextprotocol/server` in the dependencies: 2; otherwise 1); set it only to override that.
   */
  sdk?: SdkLine;
  /**
   * Registers the app's tools (and any resources or prompts) on a real `McpServer`.
   * It runs for every stateless request, so keep it cheap and free of side effects:
   * open connections and read files outside it.
   */
  setup(server: Server, context: AppContext): void | Promise<void>;
}

/** An app on either SDK line, as the host handles it. */
export type AnyAppDefinition = AppDefinition<AppServer | AppServerV2>;

const APP_BRAND = "chatgpt-app/app";

export interface ChatGptApp<Server extends AppServer | AppServerV2 = AppServer> extends AppDefinition<Server> {
  readonly $brand: typeof APP_BRAND;
}

/** Declares an app. The result is plain data, so two copies of chatgpt-app agree on it. */
export function defineApp<Server extends AppServer | AppServerV2 = AppServer>(definition: AppDefinition<Server>): ChatGptApp<Server> {
  const checked = checkAppDefinition(definition, "defineApp()");
  return { ...(checked as AppDefinition<Server>), $brand: APP_BRAND };
}

/** Checks a value that should be an app, from `defineApp` or written by hand. */
export function checkAppDefinition(value: unknown, source: string): AppDefinition {
  if (typeof value !== "object" || value === null) {
    throw new AppDefinitionError(`${source} must be an app: export default defineApp({ name, setup(server) { … } }).`);
  }
  const app = value as Partial<AppDefinition>;
  if (typeof app.name !== "string" || app.name.trim() === "") {
    throw new AppDefinitionError(`${source}: the app needs a name (a non-empty string).`);
  }
  if (typeof app.setup !== "function") {
    throw new AppDefinitionError(`${source}: the app needs a setup(server) function that registers its tools.`);
  }
  if (app.version !== undefined && typeof app.version !== "string") {
    throw new AppDefinitionError(`${source}: version must be a string.`);
  }
  if (app.instructions !== undefined && typeof app.instructions !== "string") {
    throw new AppDefinitionError(`${source}: instructions must be a string.`);
  }
  if (app.sdk !== undefined && app.sdk !== 1 && app.sdk !== 2) {
    throw new AppDefinitionError(`${source}: sdk must be 1 (@modelcontextprotocol/sdk) or 2 (@modelcontextprotocol/server).`);
  }
  if (app.auth !== undefined) checkAppAuth(app.name, app.auth);
  if (app.securitySchemes !== undefined) checkSecuritySchemes(`App "${app.name}"`, app.securitySchemes);
  return app as AppDefinition;
}

function checkAppAuth(name: string, auth: unknown): void {
  const fail = (what: string) => {
    throw new AppDefinitionError(`App "${name}": auth.${what}.`);
  };
  if (typeof auth !== "object" || auth === null) {
    throw new AppDefinitionError(`App "${name}": auth must be an object like { issuer: "https://auth.example.com/" }.`);
  }
  const a = auth as Record<string, unknown>;
  for (const key of ["issuer", "audience", "clientId"] as const) {
    if (a[key] !== undefined && typeof a[key] !== "string") fail(`${key} must be a string`);
  }
  if (a.scopes !== undefined && !(Array.isArray(a.scopes) && a.scopes.every((s) => typeof s === "string"))) fail("scopes must be an array of strings");
  if (a.required !== undefined && typeof a.required !== "boolean") fail("required must be true or false");
  if (a.introspect !== undefined && typeof a.introspect !== "function") fail("introspect must be a function (token) => result");
}
