import {
  INVOCATION_TEXT_MAX,
  type ChatGptToolOptions,
  type SecurityScheme,
  type ToolVisibility,
  type WidgetCsp,
  type WidgetOptions,
} from "./types.js";

/** A mistake in the app's own definitions, found while it loads. */
export class AppDefinitionError extends Error {
  readonly tool: string | undefined;
  constructor(message: string, tool?: string) {
    super(message);
    this.name = "AppDefinitionError";
    this.tool = tool;
  }
}

const DEFAULT_VISIBILITY: ToolVisibility[] = ["model", "app"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkVisibility(tool: string, visibility: unknown): ToolVisibility[] {
  if (!Array.isArray(visibility) || visibility.length === 0) {
    throw new AppDefinitionError(`Tool "${tool}": visibility must be a non-empty array of "model" and "app".`, tool);
  }
  for (const v of visibility) {
    if (v !== "model" && v !== "app") {
      throw new AppDefinitionError(`Tool "${tool}": unknown visibility ${JSON.stringify(v)}; use "model" and/or "app".`, tool);
    }
  }
  return [...new Set(visibility as ToolVisibility[])];
}

function checkInvocationText(tool: string, key: "invoking" | "invoked", text: unknown): string | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== "string" || text.trim() === "") {
    throw new AppDefinitionError(`Tool "${tool}": ${key} must be a non-empty string.`, tool);
  }
  if ([...text].length > INVOCATION_TEXT_MAX) {
    throw new AppDefinitionError(
      `Tool "${tool}": ${key} is ${[...text].length} characters; ChatGPT allows at most ${INVOCATION_TEXT_MAX}.`,
      tool,
    );
  }
  return text;
}

export function checkSecuritySchemes(owner: string, schemes: unknown): SecurityScheme[] {
  if (!Array.isArray(schemes)) {
    throw new AppDefinitionError(`${owner}: securitySchemes must be an array like [{ type: "noauth" }].`);
  }
  for (const scheme of schemes) {
    const ok =
      isPlainObject(scheme) &&
      (scheme.type === "noauth" ||
        (scheme.type === "oauth2" &&
          (scheme.scopes === undefined || (Array.isArray(scheme.scopes) && scheme.scopes.every((s) => typeof s === "string")))));
    if (!ok) {
      throw new AppDefinitionError(
        `${owner}: securitySchemes entry ${JSON.stringify(scheme)} is not { type: "noauth" } or { type: "oauth2", scopes?: string[] }.`,
      );
    }
  }
  return schemes as SecurityScheme[];
}

export interface ToolMetaInput {
  tool: string;
  options: ChatGptToolOptions;
  /** The user's own `_meta`, kept; ours is written on top. */
  userMeta: Record<string, unknown> | undefined;
  /** Current URI of each widget, by name. */
  widgetUris: Readonly<Record<string, string>>;
  defaultSecuritySchemes: SecurityScheme[] | undefined;
}

/**
 * Writes every key ChatGPT and MCP Apps hosts read for a tool, from one set of options,
 * so they cannot disagree: `ui.resourceUri` = `openai/outputTemplate`, `ui.visibility`
 * ↔ `openai/widgetAccessible`, invocation texts, and `securitySchemes` in `_meta`
 * (the host copies it back to the top level of `tools/list`).
 */
export function buildToolMeta(input: ToolMetaInput): Record<string, unknown> {
  const { tool, options, widgetUris } = input;
  const meta: Record<string, unknown> = { ...(input.userMeta ?? {}) };
  const userUi = isPlainObject(meta.ui) ? meta.ui : {};
  if ("csp" in userUi || "permissions" in userUi) {
    throw new AppDefinitionError(
      `Tool "${tool}": _meta.ui.csp and _meta.ui.permissions belong on the widget resource, not the tool; set them in chatgpt-app.config (widgets.<name>.csp).`,
      tool,
    );
  }
  const ui: Record<string, unknown> = { ...userUi };

  const visibility = checkVisibility(tool, options.visibility ?? (ui.visibility as unknown) ?? DEFAULT_VISIBILITY);
  ui.visibility = visibility;
  meta["openai/widgetAccessible"] = visibility.includes("app");

  if (options.widget !== undefined) {
    const uri = widgetUris[options.widget];
    if (uri === undefined) {
      const known = Object.keys(widgetUris);
      throw new AppDefinitionError(
        `Tool "${tool}" renders widget "${options.widget}", but there is no widgets/${options.widget}/index.{tsx,ts,jsx,js}.` +
          (known.length ? ` Widgets found: ${known.join(", ")}.` : " No widgets were found."),
        tool,
      );
    }
    ui.resourceUri = uri;
    meta["openai/outputTemplate"] = uri;
    delete meta["ui/resourceUri"];
  } else if (typeof ui.resourceUri === "string" || typeof meta["openai/outputTemplate"] === "string") {
    // A hand-written URI: keep both spellings equal.
    const uri = (typeof ui.resourceUri === "string" ? ui.resourceUri : meta["openai/outputTemplate"]) as string;
    ui.resourceUri = uri;
    meta["openai/outputTemplate"] = uri;
  }
  meta.ui = ui;

  const invoking = checkInvocationText(tool, "invoking", options.invoking);
  const invoked = checkInvocationText(tool, "invoked", options.invoked);
  if (invoking !== undefined) meta["openai/toolInvocation/invoking"] = invoking;
  if (invoked !== undefined) meta["openai/toolInvocation/invoked"] = invoked;

  const schemes = toolSecuritySchemes(options, input.userMeta, input.defaultSecuritySchemes);
  if (schemes !== undefined) meta.securitySchemes = checkSecuritySchemes(`Tool "${tool}"`, schemes);
  return meta;
}

/** A tool's own `securitySchemes`, else those in its `_meta`, else the app's default (unchecked). */
export function toolSecuritySchemes(
  options: ChatGptToolOptions | undefined,
  userMeta: Record<string, unknown> | undefined,
  defaults: SecurityScheme[] | undefined,
): SecurityScheme[] | undefined {
  return options?.securitySchemes ?? (userMeta?.securitySchemes as SecurityScheme[] | undefined) ?? defaults;
}

function toSnakeCsp(csp: WidgetCsp): Record<string, string[]> {
  const out: Record<string, string[]> = {
    connect_domains: csp.connectDomains ?? [],
    resource_domains: csp.resourceDomains ?? [],
  };
  if (csp.frameDomains?.length) out.frame_domains = csp.frameDomains;
  if (csp.redirectDomains?.length) out.redirect_domains = csp.redirectDomains;
  return out;
}

/**
 * The `_meta` of a widget resource: `_meta.ui` (csp, prefersBorder) and the
 * `openai/widget*` aliases, from the same options.
 */
export function buildWidgetMeta(options: WidgetOptions): Record<string, unknown> {
  const csp = options.csp ?? {};
  const uiCsp: Record<string, string[]> = {
    connectDomains: csp.connectDomains ?? [],
    resourceDomains: csp.resourceDomains ?? [],
  };
  if (csp.frameDomains?.length) uiCsp.frameDomains = csp.frameDomains;
  if (csp.baseUriDomains?.length) uiCsp.baseUriDomains = csp.baseUriDomains;
  const ui: Record<string, unknown> = { csp: uiCsp };
  const meta: Record<string, unknown> = { ui, "openai/widgetCSP": toSnakeCsp(csp) };
  if (options.prefersBorder !== undefined) {
    ui.prefersBorder = options.prefersBorder;
    meta["openai/widgetPrefersBorder"] = options.prefersBorder;
  }
  if (options.domain !== undefined) {
    // ChatGPT's domain goes in its own alias only: `ui.domain` formats are host-specific, and
    // Claude refuses to render a widget whose ui.domain is not its own form (the MCP Apps CSP and CORS guide: https://github.com/modelcontextprotocol/ext-apps/blob/main/docs/csp-cors.md).
    meta["openai/widgetDomain"] = options.domain;
  }
  if (options.uiDomain !== undefined) ui.domain = options.uiDomain;
  if (options.description !== undefined) meta["openai/widgetDescription"] = options.description;
  return meta;
}
