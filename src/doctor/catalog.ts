/**
 * Every check doctor runs, as data. The ids are a contract (`--format json`, docs/doctor.md):
 * never rename one; add new ones instead.
 */

export type CheckStatus = "pass" | "fail" | "warn" | "skip";
export type CheckGroup = "reach" | "transport" | "host" | "widgets" | "auth" | "lint" | "submission";

export interface CheckDefinition {
  id: string;
  group: CheckGroup;
  /** What passing means, in a few words. */
  title: string;
  /** What to do when it fails or warns (a result may say more precisely). */
  fix: string;
}

export const CHECKS = [
  { id: "unreachable", group: "reach", title: "the URL answers HTTP", fix: "Check the URL (the MCP endpoint usually ends in /mcp), that the server runs, and DNS (or try --resolve host:port:address)." },
  { id: "tls-invalid", group: "reach", title: "the certificate is valid for the host name and not about to expire", fix: "Serve a certificate from a public CA that covers this host name (e.g. Let's Encrypt) with its whole chain, and renew it before it expires." },
  { id: "http-not-https", group: "reach", title: "the URL is HTTPS", fix: "ChatGPT connects over HTTPS only: put TLS in front of the server (a platform, a proxy or a tunnel)." },
  { id: "slow-response", group: "reach", title: "each step answered within the slow threshold", fix: "ChatGPT expects answers within a few hundred milliseconds: check cold starts, a distant region or slow work in initialize and tools/list." },
  { id: "session-required", group: "transport", title: "initialize then tools/list work without Mcp-Session-Id", fix: "ChatGPT sends requests without a session: run the transport stateless (sessionIdGenerator: undefined, a server and transport per request)." },
  { id: "discover-missing", group: "transport", title: "a 2026-07-28 server/discover is answered", fix: "Answer server/discover (MCP 2026-07-28) on the same endpoint; ChatGPT is 2025-era today, so this only matters for newer clients." },
  { id: "get-stream-broken", group: "transport", title: "GET with Accept: text/event-stream opens a stream", fix: "Route GET on the MCP endpoint to the transport (a stateless SDK transport answers it with an idle stream) instead of a 404 or an error." },
  { id: "get-stream-405", group: "transport", title: "GET with Accept: text/event-stream is not refused with 405", fix: "ChatGPT has been seen retrying a GET answered 405 in a loop: answer it with an idle event stream instead." },
  { id: "sse-no-keepalive", group: "transport", title: "an idle event stream sends keep-alive bytes", fix: "Send an SSE comment (\": keep-alive\") at least every 25 s, so proxies and ChatGPT do not drop idle streams." },
  { id: "legacy-sse-only", group: "transport", title: "Streamable HTTP is served, not only the legacy HTTP+SSE transport", fix: "Serve Streamable HTTP at /mcp (StreamableHTTPServerTransport); the HTTP+SSE transport is deprecated." },
  { id: "host-rejected", group: "host", title: "the public Host, as forwarded by the proxy, is accepted", fix: "Add the public host name to the server's allowed hosts (allowedHosts / ALLOWED_HOSTS), or have the proxy send the Host the server expects." },
  { id: "host-check-disabled", group: "host", title: "a foreign Host is refused (DNS-rebinding protection)", fix: "Turn DNS-rebinding protection on with the public host name in allowedHosts, or require auth; do not bind 0.0.0.0 without it." },
  { id: "origin-not-checked", group: "host", title: "a foreign Origin is refused", fix: "Refuse requests whose Origin is not one you serve (403), as the MCP spec requires; requests without Origin (ChatGPT's) still pass." },
  { id: "cors-preflight", group: "host", title: "a browser client's CORS preflight is answered", fix: "Answer OPTIONS with Access-Control-Allow-Methods (POST) and -Allow-Headers (content-type, mcp-protocol-version, mcp-session-id, authorization); only browser clients such as MCP Inspector need it." },
  { id: "template-unresolved", group: "widgets", title: "every tool's widget template can be read", fix: "Register a resource at the exact URI the tool names (_meta.ui.resourceUri), and make resources/read answer it." },
  { id: "widget-mime", group: "widgets", title: "widget templates are text/html;profile=mcp-app", fix: "Set mimeType: \"text/html;profile=mcp-app\" on the resource and on its contents." },
  { id: "widget-no-csp", group: "widgets", title: "widget templates declare a CSP", fix: "Declare _meta.ui.csp on the resource contents (connectDomains, resourceDomains): required before broad distribution." },
  { id: "widget-asset-broken", group: "widgets", title: "every external script, style, font and image loads from ChatGPT's sandbox origin", fix: "Serve each asset with HTTP 200 and, for module scripts and fonts, Access-Control-Allow-Origin for the sandbox origin (or *); or inline the bundle." },
  { id: "widget-localhost", group: "widgets", title: "widgets load nothing from localhost", fix: "Serve assets from the public origin (or inline them): ChatGPT and Chrome's local-network block cannot reach localhost." },
  { id: "auth-challenge-malformed", group: "auth", title: "a 401 carries WWW-Authenticate: Bearer resource_metadata=…", fix: "Answer 401 with WWW-Authenticate: Bearer resource_metadata=\"https://<host>/.well-known/oauth-protected-resource/mcp\"." },
  { id: "auth-prm-missing", group: "auth", title: "the protected-resource metadata (RFC 9728) is published", fix: "Serve JSON with resource and authorization_servers at /.well-known/oauth-protected-resource/mcp (and the root path)." },
  { id: "auth-prm-resource-mismatch", group: "auth", title: "the metadata's resource is this MCP URL", fix: "Set resource in the protected-resource metadata to the exact public MCP URL ChatGPT connects to." },
  { id: "auth-as-metadata", group: "auth", title: "the authorization server's metadata suits ChatGPT", fix: "Publish /.well-known/oauth-authorization-server with issuer equal to the PRM entry, S256 in code_challenge_methods_supported, and a registration_endpoint or client_id_metadata_document_supported." },
  { id: "lint", group: "lint", title: "lint finds no errors in what the server serves", fix: "Fix each diagnostic (every rule has a page in docs/rules/), then run chatgpt-app lint --url <url> to see them all." },
  { id: "submission-challenge", group: "submission", title: "/.well-known/openai-apps-challenge answers", fix: "Serve the token OpenAI gave you at /.well-known/openai-apps-challenge (chatgpt-app start: openaiAppsChallenge in the config, or OPENAI_APPS_CHALLENGE)." },
  { id: "submission-listing", group: "submission", title: "the listing fits the submission limits", fix: "Shorten the fields named (name and subtitle ≤ 30, description ≤ 4000, ≤ 3 starter prompts of ≤ 128, no @mentions)." },
] as const satisfies readonly CheckDefinition[];

export type CheckId = (typeof CHECKS)[number]["id"];

export const CHECK_BY_ID: ReadonlyMap<string, CheckDefinition> = new Map(CHECKS.map((c) => [c.id, c]));
