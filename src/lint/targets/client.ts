import { Client, type PriorDiscovery, type Transport } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { errorMessage } from "../../errors.js";
import { packageVersion } from "../../version.js";
import { collectSnapshot, listAll, type RawRequest } from "../collect.js";
import type { LintRun } from "../lint-run.js";
import type { LintSnapshot } from "../types.js";
import { UI_CLIENT_CAPABILITIES } from "../ui-gating.js";

export interface ConnectOptions {
  run: LintRun;
  /** What the run waits for while the transport starts (the legacy SSE endpoint event, a spawned server). */
  starting?: string;
  /** The era an earlier connection to the same server found: no second probe. */
  era?: PriorDiscovery;
}

/**
 * A result schema that takes any result as it came: the SDK's own would drop unknown tool
 * fields and reject malformed tools, and its `listTools` hides tools a 2026-era client must
 * refuse (`x-mcp-header-invalid` reports them instead).
 */
const RAW_RESULT = {
  "~standard": { version: 1, vendor: "chatgpt-app", validate: (value: unknown) => ({ value }) },
} as const;

const WAITING = "waiting for the answer to server/discover or initialize";

/**
 * Both protocol eras, as a client of today meets them: `server/discover` first (a 2026-07-28
 * server answers it), then `initialize` when the server gives no 2026-era answer (a 2025-era
 * server, or the legacy SSE transport).
 */
function newClient(name: string, run: LintRun, stdio: boolean, capabilities?: Record<string, unknown>): Client {
  // On stdio a server that ignores server/discover is a 2025-era one: wait for it a while, not the whole run.
  const probe = stdio ? { timeoutMs: Math.min(5000, Math.ceil(run.remainingMs() / 3)) } : undefined;
  return new Client({ name, version: packageVersion() }, { capabilities, versionNegotiation: { mode: "auto", probe } });
}

const isStdio = (transport: Transport) => transport instanceof StdioClientTransport;

/**
 * Connects within the run: the transport's start (which takes no signal: a legacy SSE
 * stream that never names its endpoint would wait forever), `server/discover` and
 * `initialize` end with it.
 */
async function connectWithin(client: Client, transport: Transport, options: ConnectOptions): Promise<RawRequest> {
  const { run } = options;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    run.waitingFor = options.starting ?? "connecting";
    await start();
    run.waitingFor = WAITING;
  };
  // On stdio the SDK probes on a sibling process of its own before this transport starts.
  run.waitingFor = isStdio(transport) ? `${options.starting ?? "starting the server"} and ${WAITING}` : WAITING;
  await run.race(client.connect(transport, { ...run.requestOptions(), prior: options.era }));
  return (method, params = {}) => {
    run.check();
    const uri = typeof params.uri === "string" ? ` of ${params.uri}` : "";
    run.waitingFor = `waiting for the answer to ${method}${uri}`;
    return client.request({ method, params }, RAW_RESULT, run.requestOptions()) as Promise<Record<string, unknown>>;
  };
}

/** The era a connected client found, for the next connection to the same server. */
function eraOf(client: Client): PriorDiscovery {
  const discover = client.getProtocolEra() === "modern" ? client.getDiscoverResult() : undefined;
  return discover ? { kind: "modern", discover } : { kind: "legacy" };
}

/** The run's own failure (a deadline, a limit, a broken answer) explains any error it caused. */
async function withinRun<T>(run: LintRun, client: Client, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    run.check();
    return result;
  } catch (error) {
    run.check();
    throw error;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * Connects the official SDK client over a transport, in whichever era the server speaks,
 * and collects a snapshot with raw requests. The client advertises the MCP Apps extension,
 * as UI hosts do.
 */
export function collectOverTransport(transport: Transport, options: ConnectOptions & { target: string }): Promise<{ snapshot: LintSnapshot; era: PriorDiscovery }> {
  const client = newClient("chatgpt-app-lint", options.run, isStdio(transport), UI_CLIENT_CAPABILITIES);
  return withinRun(options.run, client, async () => {
    const request = await connectWithin(client, transport, options);
    const era = eraOf(client);
    const snapshot = await collectSnapshot({
      request,
      capabilities: client.getServerCapabilities() as Record<string, unknown> | undefined,
      serverInfo: client.getServerVersion(),
      instructions: client.getInstructions(),
      protocolVersion: client.getNegotiatedProtocolVersion(),
      target: options.target,
      run: options.run,
    });
    return { snapshot, era };
  });
}

/** `tools/list` as a client that does not advertise the MCP Apps extension sees it. */
export function listToolsWithoutUi(transport: Transport, options: ConnectOptions): Promise<unknown[]> {
  const client = newClient("chatgpt-app-lint-plain", options.run, isStdio(transport));
  return withinRun(options.run, client, async () => {
    const request = await connectWithin(client, transport, options);
    if (!client.getServerCapabilities()?.tools) return [];
    return listAll(request, "tools/list", "tools", options.run);
  });
}

/** The network's own reason (ECONNREFUSED, ENOTFOUND…), however deep the SDK wrapped it. */
export function describeConnectionError(error: unknown): string {
  let cause = (error as { cause?: unknown } | undefined)?.cause as { code?: unknown; message?: string; cause?: unknown } | undefined;
  for (let depth = 0; cause && depth < 5; depth++, cause = cause.cause as typeof cause) {
    if (typeof cause.code === "string") return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  }
  return errorMessage(error);
}
