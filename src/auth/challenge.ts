import type { SecurityScheme } from "../app/types.js";

/** Quotes a value for a `WWW-Authenticate` parameter (RFC 7235 quoted-string). */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** A `Bearer` challenge: `resource_metadata` first, then whatever is set. */
export function bearerChallenge(params: { resourceMetadata: string; error?: string; description?: string; scope?: string[] }): string {
  const parts = [`resource_metadata=${quote(params.resourceMetadata)}`];
  if (params.error) parts.push(`error=${quote(params.error)}`);
  if (params.description) parts.push(`error_description=${quote(params.description)}`);
  if (params.scope?.length) parts.push(`scope=${quote(params.scope.join(" "))}`);
  return `Bearer ${parts.join(", ")}`;
}

export interface ToolAuthNeed {
  /** The tool lists `noauth` too: it runs without a token. */
  anonymous: boolean;
  /** Scopes its `oauth2` scheme asks for. */
  scopes: string[];
}

/** What a tool's `securitySchemes` ask for, or undefined when it lists no `oauth2` scheme. */
export function toolAuthNeed(schemes: SecurityScheme[] | undefined): ToolAuthNeed | undefined {
  const oauth = schemes?.filter((s) => s.type === "oauth2") ?? [];
  if (oauth.length === 0) return undefined;
  return {
    anonymous: schemes!.some((s) => s.type === "noauth"),
    scopes: [...new Set(oauth.flatMap((s) => (s.type === "oauth2" ? (s.scopes ?? []) : [])))],
  };
}

/**
 * The tool result ChatGPT reads to start account linking: `isError` and
 * `_meta["mcp/www_authenticate"]` with `resource_metadata`, `error` and `error_description`.
 */
export function toolChallengeResult(params: { tool: string; resourceMetadata: string; error: "invalid_request" | "insufficient_scope" | "invalid_token"; description: string; scope: string[] }) {
  const challenge = bearerChallenge({ resourceMetadata: params.resourceMetadata, error: params.error, description: params.description, scope: params.scope });
  return {
    isError: true,
    content: [{ type: "text" as const, text: params.description }],
    _meta: { "mcp/www_authenticate": [challenge] },
  };
}
