import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { ResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { CliError, errorMessage } from "../../errors.js";
import { packageVersion } from "../../version.js";
import { collectSnapshot, listAll } from "../collect.js";
import type { LintSnapshot } from "../types.js";
import { UI_CLIENT_CAPABILITIES } from "../ui-gating.js";

/** Raised when the deadline of a whole lint passes. */
export function timeoutError(timeoutMs: number, what: string): CliError {
  return new CliError("lint_timeout", `Timed out after ${timeoutMs} ms ${what}.`, {
    hint: "Check that the server is up and answering MCP, or give it longer with --timeout <ms>.",
  });
}

/**
 * Connects the official SDK client over a transport and collects a snapshot with raw
 * requests (the client's typed helpers would drop unknown tool fields and reject malformed
 * tools). The client advertises the MCP Apps extension, as UI hosts do.
 */
export async function collectOverTransport(
  transport: Transport,
  options: { target: string; deadline: AbortSignal; timeoutMs: number },
): Promise<LintSnapshot> {
  const client = new Client({ name: "chatgpt-app-lint", version: packageVersion() }, { capabilities: UI_CLIENT_CAPABILITIES });
  const requestOptions = { signal: options.deadline, timeout: options.timeoutMs, maxTotalTimeout: options.timeoutMs };
  try {
    await client.connect(transport, requestOptions);
    return await collectSnapshot({
      request: (method, params = {}) => client.request({ method, params }, ResultSchema, requestOptions) as Promise<Record<string, unknown>>,
      capabilities: client.getServerCapabilities() as Record<string, unknown> | undefined,
      serverInfo: client.getServerVersion(),
      instructions: client.getInstructions(),
      target: options.target,
    });
  } catch (error) {
    if (options.deadline.aborted) throw timeoutError(options.timeoutMs, `linting ${options.target}`);
    throw error;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** `tools/list` as a client that does not advertise the MCP Apps extension sees it. */
export async function listToolsWithoutUi(transport: Transport, options: { deadline: AbortSignal; timeoutMs: number }): Promise<unknown[]> {
  const client = new Client({ name: "chatgpt-app-lint-plain", version: packageVersion() });
  const requestOptions = { signal: options.deadline, timeout: options.timeoutMs };
  try {
    await client.connect(transport, requestOptions);
    if (!client.getServerCapabilities()?.tools) return [];
    return await listAll((method, params = {}) => client.request({ method, params }, ResultSchema, requestOptions) as Promise<Record<string, unknown>>, "tools/list", "tools");
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** A deadline for the whole lint: an AbortSignal that fires after `timeoutMs`. */
export function deadlineOf(timeoutMs: number): AbortSignal {
  return AbortSignal.timeout(timeoutMs);
}

export function describeConnectionError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return errorMessage(error);
}
