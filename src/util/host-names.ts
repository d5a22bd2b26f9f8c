import { CliError } from "../errors.js";

/** `example.com:8787` → `example.com`; `[::1]:8787` → `[::1]`; lower-cased. */
export function hostnameOf(hostHeader: string): string {
  const value = hostHeader.trim().toLowerCase();
  if (value.startsWith("[")) {
    const end = value.indexOf("]");
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(":");
  return colon === -1 ? value : value.slice(0, colon);
}

const HOST_ENTRY = /^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;
const EXAMPLE = "e.g. my-app.example.com,*.example.com";

/** Why an allowed-hosts entry is unusable, or undefined when it is fine. */
export function allowedHostProblem(entry: string): { message: string; hint: string } | undefined {
  const value = entry.trim();
  if (value === "*" || value === "*." || value.startsWith("*:")) {
    return {
      message: `"${value}" would accept every Host and switch off DNS-rebinding protection`,
      hint: `List the public host names instead (${EXAMPLE}); "*.example.com" accepts every subdomain.`,
    };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return URL.canParse(value) ? undefined : { message: `"${value}" is not a valid URL`, hint: `Give a host name or a URL (${EXAMPLE}).` };
  }
  if (value && !HOST_ENTRY.test(value)) {
    return { message: `"${value}" is not a host name`, hint: `Give host names (a port is allowed), "*.example.com" for subdomains, or URLs (${EXAMPLE}).` };
  }
  return undefined;
}

/**
 * Accepts `https://a.example.com/x`, `a.example.com:443`, `*.example.com` or `[::1]`; gives the
 * host name ("" for a blank entry). Anything else is an error naming the entry and `source`.
 */
export function normalizeAllowedHost(entry: string, source = "allowedHosts"): string {
  const problem = allowedHostProblem(entry);
  if (problem) throw new CliError("allowed_hosts_invalid", `${source}: ${problem.message}.`, { hint: problem.hint });
  const value = entry.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return new URL(value).hostname.toLowerCase();
  return hostnameOf(value).replace(/\.$/, "");
}
