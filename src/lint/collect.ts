import { CliError, errorMessage } from "../errors.js";
import { listAll as listPages } from "../host/in-memory.js";
import { isObject, stringAt } from "./json.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type LintSnapshot } from "./types.js";

/** One JSON-RPC request whose result comes back raw: unknown keys and malformed entries kept. */
export type RawRequest = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CollectInput {
  request: RawRequest;
  /** What `initialize` answered: which lists the server has, its name and instructions. */
  capabilities: Record<string, unknown> | undefined;
  serverInfo: { name?: string; version?: string } | undefined;
  instructions: string | undefined;
  target: string;
}

/** UI resources read at most, and at once. */
const MAX_READS = 500;
const READ_CONCURRENCY = 8;

const HTML_MIME = /^text\/html/i;

/** Every page of a list (the host's pager), refusing a result that lacks the list itself. */
export function listAll(request: RawRequest, method: string, key: string): Promise<unknown[]> {
  return listPages(
    async (m, params) => {
      const result = await request(m, params);
      if (!Array.isArray(result[key])) {
        throw new CliError("lint_bad_response", `${method} answered without a "${key}" array, so there is nothing to lint.`, {
          hint: `The server's ${method} result must be { "${key}": [ … ] }.`,
        });
      }
      return result;
    },
    method,
    key,
  );
}

/** The URIs worth reading: every template a tool names, and every listed ui:// or HTML resource. */
function urisToRead(tools: unknown[], resources: unknown[]): string[] {
  const uris = new Set<string>();
  for (const tool of tools) {
    const meta = isObject(tool) ? tool._meta : undefined;
    const ui = isObject(meta) ? meta.ui : undefined;
    for (const uri of [stringAt(ui, "resourceUri"), stringAt(meta, "openai/outputTemplate"), stringAt(meta, "ui/resourceUri")]) {
      if (uri !== undefined) uris.add(uri);
    }
  }
  for (const entry of resources) {
    const uri = stringAt(entry, "uri");
    const mime = stringAt(entry, "mimeType") ?? "";
    if (uri !== undefined && (uri.startsWith("ui://") || HTML_MIME.test(mime))) uris.add(uri);
  }
  return [...uris].slice(0, MAX_READS);
}

async function readAll(request: RawRequest, uris: string[]): Promise<LintSnapshot["reads"]> {
  const reads: LintSnapshot["reads"] = {};
  let next = 0;
  const worker = async () => {
    while (next < uris.length) {
      const uri = uris[next++]!;
      try {
        const result = await request("resources/read", { uri });
        reads[uri] = { contents: result.contents };
      } catch (error) {
        if (isCancellation(error)) throw error;
        reads[uri] = { error: errorMessage(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker));
  // Same order whatever finished first, so a dump is reproducible.
  return Object.fromEntries(uris.filter((u) => u in reads).map((u) => [u, reads[u]!]));
}

function isCancellation(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || /timed out|aborted/i.test(error.message));
}

/**
 * Collects what lint reads from a connected server: `tools/list`, `resources/list`,
 * `resources/templates/list` (every page) and `resources/read` of every UI resource.
 */
export async function collectSnapshot(input: CollectInput): Promise<LintSnapshot> {
  const { request, capabilities } = input;
  const tools = capabilities?.tools === undefined ? [] : await listAll(request, "tools/list", "tools");
  const hasResources = capabilities?.resources !== undefined;
  const resources = hasResources ? await listAll(request, "resources/list", "resources") : [];
  const resourceTemplates = hasResources ? await listAll(request, "resources/templates/list", "resourceTemplates").catch(() => []) : [];
  const reads = await readAll(request, urisToRead(tools, resources));
  const server: LintSnapshot["server"] = {};
  if (input.serverInfo?.name !== undefined) server.name = input.serverInfo.name;
  if (input.serverInfo?.version !== undefined) server.version = input.serverInfo.version;
  if (input.instructions !== undefined) server.instructions = input.instructions;
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, target: input.target, server, tools, resources, resourceTemplates, reads };
}
