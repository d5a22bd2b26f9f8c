import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Readable } from "node:stream";
import { connect as tlsConnect, rootCertificates, type PeerCertificate } from "node:tls";
import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CliError, errorMessage } from "../errors.js";

/** `--resolve host:port:address`: connect there for that host and port, keeping the name for TLS and Host. */
export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
}

export interface ClientOptions {
  /** PEM bundles to trust besides the system's (`--ca`, `NODE_EXTRA_CA_CERTS`). */
  ca?: string[];
  resolve?: ResolveEntry[];
  /** Accept any certificate (after `tls-invalid` was reported, so the other checks still run). */
  insecure?: boolean;
}

export function parseResolve(text: string): ResolveEntry {
  const match = /^([^:\s]+):(\d{1,5}):(\[[0-9a-f:.]+\]|[^\s]+)$/i.exec(text.trim());
  const address = match?.[3]?.replace(/^\[|\]$/g, "");
  if (!match || !address || isIP(address) === 0 || Number(match[2]) > 65535) {
    throw new CliError("usage_invalid", `--resolve "${text}" is not host:port:address.`, {
      hint: "e.g. --resolve my-app.example.com:443:203.0.113.7 (the address is an IP address).",
    });
  }
  return { host: match[1]!.toLowerCase(), port: Number(match[2]), address };
}

/** The PEM text of each `--ca` file, plus NODE_EXTRA_CA_CERTS (Node drops it once a CA list is given explicitly). */
export function readCaFiles(files: string[], env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  // Node itself reads the process's NODE_EXTRA_CA_CERTS at start-up; another environment's (doctor run
  // in process, by a test or a tool) is read here.
  const extra = env.NODE_EXTRA_CA_CERTS && (files.length > 0 || env !== process.env) ? [env.NODE_EXTRA_CA_CERTS] : [];
  const all = [...extra, ...files];
  if (all.length === 0) return undefined;
  return all.map((file) => {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      throw new CliError("usage_invalid", `Cannot read the CA file ${file}: ${errorMessage(error)}`, { hint: "--ca takes a PEM file (a certificate or a bundle)." });
    }
  });
}

function portOf(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

/** The lookup for one request: the `--resolve` address when host and port match, else DNS. */
function lookupFor(url: URL, options: ClientOptions): LookupFunction | undefined {
  const entry = options.resolve?.find((r) => r.host === url.hostname.toLowerCase() && r.port === portOf(url));
  if (!entry) return undefined;
  const family = isIP(entry.address);
  return (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: entry.address, family }]);
    else callback(null, entry.address, family);
  };
}

/** Connection options shared by requests and the TLS inspection: the name stays the URL's host. */
function connectOptions(url: URL, options: ClientOptions) {
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  return {
    lookup: lookupFor(url, options),
    ca: options.ca ? [...rootCertificates, ...options.ca] : undefined,
    // The TLS name is the URL's, even when a request sends another Host on purpose.
    servername: isIP(hostname) ? "" : hostname,
    rejectUnauthorized: !options.insecure,
  };
}

function headersOf(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

const NULL_BODY = new Set([204, 205, 304]);

/**
 * A `fetch` on node:http(s), for the SDK's transports and doctor's own probes: it honours
 * `--ca` and `--resolve`, and sends a Host header when asked (the platform fetch drops it).
 * No Accept-Encoding is sent, so bodies arrive as they are.
 */
export function createFetch(options: ClientOptions): FetchLike {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const method = (init.method ?? "GET").toUpperCase();
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      const body = typeof init.body === "string" || init.body instanceof Uint8Array ? init.body : init.body == null ? undefined : String(init.body);
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const req = send(url, { method, headers, signal: init.signal ?? undefined, agent: false, ...connectOptions(url, options) }, (res) => {
        const status = res.statusCode ?? 0;
        const stream = method === "HEAD" || NULL_BODY.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        if (!stream) res.resume();
        const response = new Response(stream, { status, statusText: res.statusMessage, headers: headersOf(res) });
        Object.defineProperty(response, "url", { value: url.href });
        resolve(response);
      });
      req.on("error", reject);
      req.end(body);
    });
}

export interface TlsReport {
  /** Chain and host name both verified. */
  authorized: boolean;
  /** OpenSSL's reason when not: CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, UNABLE_TO_VERIFY_LEAF_SIGNATURE… */
  error?: string;
  validTo?: Date;
  subject?: string;
  issuer?: string;
}

/** One TLS handshake with the server, verifying nothing on the way so the report can say what is wrong. */
export function inspectTls(url: URL, options: ClientOptions, signal: AbortSignal): Promise<TlsReport> {
  return new Promise((resolve, reject) => {
    const { lookup, ca, servername } = connectOptions(url, options);
    const socket = tlsConnect({ host: url.hostname.replace(/^\[|\]$/g, ""), port: portOf(url), servername: servername || undefined, ca, lookup, rejectUnauthorized: false });
    const onAbort = () => socket.destroy(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    signal.addEventListener("abort", onAbort, { once: true });
    socket.once("secureConnect", () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      const error = socket.authorizationError;
      resolve({
        authorized: socket.authorized,
        error: error ? String((error as { code?: string }).code ?? error) : undefined,
        validTo: cert.valid_to ? new Date(cert.valid_to) : undefined,
        subject: cert.subject?.CN ? String(cert.subject.CN) : undefined,
        issuer: cert.issuer?.CN ? String(cert.issuer.CN) : undefined,
      });
      socket.destroy();
    });
    socket.once("error", reject);
    socket.once("close", () => signal.removeEventListener("abort", onAbort));
  });
}
