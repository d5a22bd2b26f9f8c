import { isObject, stringAt, stringsOf, type JsonObject } from "../lint/json.js";
import { answerOf, networkCause, type DoctorContext, type Exchange } from "./context.js";

/** Does anything say this server uses OAuth: a 401, an oauth2 scheme on a tool, or published metadata? */
function usesOauth(ctx: DoctorContext): boolean {
  if (ctx.challenged || ctx.snapshot?.server.oauth) return true;
  return (ctx.snapshot?.tools ?? []).some((tool) => {
    const schemes = isObject(tool) ? [tool.securitySchemes, isObject(tool._meta) ? tool._meta.securitySchemes : undefined] : [];
    return schemes.some((list) => Array.isArray(list) && list.some((s) => isObject(s) && s.type === "oauth2"));
  });
}

/** `resource_metadata="…"` of a Bearer challenge. */
function resourceMetadataOf(challenge: string): string | undefined {
  return /\bresource_metadata\s*=\s*"([^"]+)"/i.exec(challenge)?.[1] ?? /\bresource_metadata\s*=\s*([^\s,]+)/i.exec(challenge)?.[1];
}

/** The first candidate that answers a JSON object, with every attempt's answer for the cause. */
async function firstJson(ctx: DoctorContext, name: string, urls: string[]): Promise<{ url: string; json: JsonObject } | { tried: string[] }> {
  const tried: string[] = [];
  for (const url of [...new Set(urls)]) {
    try {
      const { value: answer } = await ctx.step(name, (run) => ctx.probe(run, { url, headers: { accept: "application/json" } }), { request: true });
      const json = parse(answer);
      if (answer.status === 200 && json) return { url, json };
      tried.push(`${url}: ${answer.status === 200 ? "HTTP 200 but not a JSON object" : answerOf(answer).slice(0, 60)}`);
    } catch (error) {
      tried.push(`${url}: ${networkCause(error)}`);
    }
  }
  return { tried };
}

function parse(answer: Exchange): JsonObject | undefined {
  try {
    const value = JSON.parse(answer.text) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const withoutSlash = (url: string) => url.replace(/\/+$/, "");

/** The metadata URLs of an authorization server: RFC 8414 (path inserted), then OpenID Connect Discovery. */
function asMetadataUrls(issuer: string): string[] {
  const url = new URL(issuer);
  const path = withoutSlash(url.pathname);
  return [`${url.origin}/.well-known/oauth-authorization-server${path}`, `${url.origin}/.well-known/openid-configuration${path}`, `${withoutSlash(issuer)}/.well-known/openid-configuration`];
}

/** `auth-as-metadata`: what ChatGPT needs from the authorization server. */
async function checkAuthorizationServer(ctx: DoctorContext, issuer: string): Promise<void> {
  let urls: string[];
  try {
    urls = asMetadataUrls(issuer);
  } catch {
    ctx.report("auth-as-metadata", "fail", { cause: `authorization_servers names "${issuer}", which is not a URL.` });
    return;
  }
  const found = await firstJson(ctx, "authorization server metadata", urls);
  if (!("json" in found)) {
    ctx.report("auth-as-metadata", "fail", { cause: `No authorization server metadata for ${issuer}.`, details: found.tried });
    return;
  }
  const { json } = found;
  const problems: string[] = [];
  if (stringAt(json, "issuer") !== issuer) problems.push(`issuer is ${JSON.stringify(json.issuer)}, not ${issuer} as the protected-resource metadata says`);
  if (!(stringsOf(json.code_challenge_methods_supported) ?? []).includes("S256")) problems.push("code_challenge_methods_supported lacks S256 (PKCE), which ChatGPT requires");
  if (!stringAt(json, "registration_endpoint") && json.client_id_metadata_document_supported !== true) problems.push("neither a registration_endpoint nor client_id_metadata_document_supported: ChatGPT cannot register itself");
  if (!stringAt(json, "authorization_endpoint") || !stringAt(json, "token_endpoint")) problems.push("authorization_endpoint or token_endpoint is missing");
  if (problems.length === 0) ctx.report("auth-as-metadata", "pass");
  else ctx.report("auth-as-metadata", "fail", { cause: `The metadata at ${found.url}: ${problems.join("; ")}.`, details: problems });
}

/** The OAuth checks, when a 401 or an oauth2 scheme shows the server uses it. */
export async function checkAuth(ctx: DoctorContext): Promise<void> {
  if (!usesOauth(ctx)) return;
  const challenge = ctx.challenged?.headers.get("www-authenticate") ?? "";
  const pointed = resourceMetadataOf(challenge);
  if (!ctx.challenged) ctx.report("auth-challenge-malformed", "skip", { cause: "no 401 was seen (the request carried credentials, or the server lets this client in)." });
  else if (/^\s*bearer\b/i.test(challenge) && pointed) ctx.report("auth-challenge-malformed", "pass");
  else {
    const said = challenge ? `WWW-Authenticate: ${challenge.slice(0, 120)}` : "no WWW-Authenticate header";
    ctx.report("auth-challenge-malformed", "fail", { cause: `The 401 carries ${said}, without resource_metadata: ChatGPT must guess where the metadata is.` });
  }
  const path = withoutSlash(ctx.url.pathname);
  const wellKnown = [`${ctx.url.origin}/.well-known/oauth-protected-resource${path}`, `${ctx.url.origin}/.well-known/oauth-protected-resource`];
  const found = await firstJson(ctx, "protected-resource metadata", pointed ? [pointed, ...wellKnown] : wellKnown);
  const servers = "json" in found ? (stringsOf(found.json.authorization_servers) ?? []) : [];
  if (!("json" in found) || servers.length === 0) {
    const cause = "json" in found ? `The metadata at ${found.url} has no authorization_servers.` : "No protected-resource metadata (RFC 9728) was found.";
    ctx.report("auth-prm-missing", "fail", { cause, details: "json" in found ? undefined : found.tried });
    ctx.report("auth-prm-resource-mismatch", "skip", { cause: "no usable protected-resource metadata." });
    ctx.report("auth-as-metadata", "skip", { cause: "no authorization server is named." });
    return;
  }
  ctx.report("auth-prm-missing", "pass");
  const resource = stringAt(found.json, "resource");
  const expected = withoutSlash(`${ctx.url.origin}${ctx.url.pathname}`);
  if (resource !== undefined && withoutSlash(resource) === expected) ctx.report("auth-prm-resource-mismatch", "pass");
  else if (resource !== undefined && withoutSlash(resource) === ctx.url.origin) {
    ctx.report("auth-prm-resource-mismatch", "warn", { cause: `resource is the origin ${resource}, not the MCP URL ${expected}: strict clients refuse tokens for another resource.` });
  } else ctx.report("auth-prm-resource-mismatch", "fail", { cause: `resource is ${JSON.stringify(resource ?? null)}, not ${expected}: the tokens ChatGPT gets would be for another resource.` });
  await checkAuthorizationServer(ctx, servers[0]!);
}
