import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
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
}

/**
 * Connects within the run: the transport's start (which takes no signal: a legacy SSE
 * stream that never names its endpoint would wait forever) and `initialize` end with it.
 */
async function connectWithin(client: Client, transport: Transport, options: ConnectOptions): Promise<RawRequest> {
  const { run } = options;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    run.waitingFor = options.starting ?? "connecting";
    await start();
    run.waitingFor = "waiting for the answer to initialize";
  };
  await run.race(client.connect(transport, run.requestOptions()));
  return (method, params = {}) => {
    run.check();
    const uri = typeof params.uri === "string" ? ` of ${params.uri}` : "";
    run.waitingFor = `waiting for the answer to ${method}${uri}`;
    return client.request({ method, params }, ResultSchema, run.requestOptions()) as Promise<Record<string, unknown>>;
  };
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
 * Connects the official SDK client over a transport and collects a snapshot with raw
 * requests (the client's typed helpers would drop unknown tool fields and reject malformed
 * tools). The client advertises the MCP Apps extension, as UI hosts do.
 */
export function collectOverTransport(transport: Transport, options: ConnectOptions & { target: string }): Promise<LintSnapshot> {
  const client = new Client({ name: "chatgpt-app-lint", version: packageVersion() }, { capabilities: UI_CLIENT_CAPABILITIES });
  return withinRun(options.run, client, async () => {
    const request = await connectWithin(client, transport, options);
    return collectSnapshot({
      request,
      capabilities: client.getServerCapabilities() as Record<string, unknown> | undefined,
      serverInfo: client.getServerVersion(),
      instructions: client.getInstructions(),
      target: options.target,
      run: options.run,
    });
  });
}

/** `tools/list` as a client that does not advertise the MCP Apps extension sees it. */
export function listToolsWithoutUi(transport: Transport, options: ConnectOptions): Promise<unknown[]> {
  const client = new Client({ name: "chatgpt-app-lint-plain", version: packageVersion() });
  return withinRun(options.run, client, async () => {
    const request = await connectWithin(client, transport, options);
    if (!client.getServerCapabilities()?.tools) return [];
    return listAll(request, "tools/list", "tools", options.run);
  });
}

export function describeConnectionError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return errorMessage(error);
}
