import { CliError, errorMessage } from "../errors.js";
import { isObject, stringAt } from "./json.js";
import { DEFAULT_LIMITS, limitFlag } from "./limits.js";
import type { LintRun } from "./lint-run.js";
import { collectChallenges } from "./challenges.js";
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type LintSnapshot } from "./types.js";

/** One JSON-RPC request whose result comes back raw: unknown keys and malformed entries kept. */
export type RawRequest = (method: string, params?: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CollectInput {
  request: RawRequest;
  /** What `initialize` answered: which lists the server has, its name and instructions. */
  capabilities: Record<string, unknown> | undefined;
  serverInfo: { name?: string; version?: string } | undefined;
  instructions: string | undefined;
  /** The protocol version the connection speaks (`2026-07-28`, `2025-11-25`, …). */
  protocolVersion?: string | undefined;
  target: string;
  /** The deadline and limits (default: the default limits, no deadline). */
  run?: LintRun;
}

/** UI resources read at most, and at once. */
const MAX_READS = 500;
const READ_CONCURRENCY = 8;

const HTML_MIME = /^text\/html/i;

const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}`;

/**
 * Every page of a list, within the run's limits on pages and entries (a cut listing is
 * said out loud), refusing a result that lacks the list itself. A cursor handed out twice
 * ends the listing: the server would page forever.
 */
export async function listAll(request: RawRequest, method: string, key: string, run?: LintRun): Promise<unknown[]> {
  const limits = run?.limits ?? DEFAULT_LIMITS;
  const items: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const result = await request(method, cursor ? { cursor } : {});
    const list = result[key];
    if (!Array.isArray(list)) {
      throw new CliError("lint_bad_response", `${method} answered without a "${key}" array, so there is nothing to lint.`, {
        hint: `The server's ${method} result must be { "${key}": [ … ] }.`,
      });
    }
    const room = limits.items - items.length;
    items.push(...list.slice(0, room));
    cursor = typeof result.nextCursor === "string" ? result.nextCursor : undefined;
    const more = cursor !== undefined && !seen.has(cursor);
    const limit = list.length > room || (more && items.length >= limits.items) ? "items" : more && page >= limits.pages ? "pages" : undefined;
    if (limit) {
      run?.warn(
        `${method} listing cut after ${count(page, page === 1 ? "page" : "pages")} (${count(items.length, key)}): the server offers more; ` +
          `lint checks these only (${limitFlag(limit)}<n> reads further).`,
      );
    }
    if (limit || !more) return items;
    seen.add(cursor!);
  }
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
  return [...uris];
}

async function readAll(request: RawRequest, all: string[], run: LintRun | undefined): Promise<LintSnapshot["reads"]> {
  const uris = all.slice(0, MAX_READS);
  if (all.length > uris.length) run?.warn(`Read ${count(MAX_READS, "")}of the ${count(all.length, "UI resources")}; lint checks these only.`);
  const reads: LintSnapshot["reads"] = {};
  let next = 0;
  const worker = async () => {
    while (next < uris.length) {
      const uri = uris[next++]!;
      try {
        const result = await request("resources/read", { uri });
        reads[uri] = { contents: result.contents };
      } catch (error) {
        if (isCancellation(error) || run?.failed) throw error;
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
  const { request, capabilities, run } = input;
  const tools = capabilities?.tools === undefined ? [] : await listAll(request, "tools/list", "tools", run);
  const hasResources = capabilities?.resources !== undefined;
  const resources = hasResources ? await listAll(request, "resources/list", "resources", run) : [];
  // Templates are optional: a server that does not answer them still gets linted, unless the run itself ended.
  const resourceTemplates = hasResources
    ? await listAll(request, "resources/templates/list", "resourceTemplates", run).catch((error: unknown) => {
        if (run?.failed || isCancellation(error)) throw error;
        return [];
      })
    : [];
  const reads = await readAll(request, urisToRead(tools, resources), run);
  const challenges = await collectChallenges(request, tools, run);
  const server: LintSnapshot["server"] = {};
  if (input.serverInfo?.name !== undefined) server.name = input.serverInfo.name;
  if (input.serverInfo?.version !== undefined) server.version = input.serverInfo.version;
  if (input.instructions !== undefined) server.instructions = input.instructions;
  if (input.protocolVersion !== undefined) server.protocolVersion = input.protocolVersion;
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, target: input.target, server, tools, resources, resourceTemplates, reads, ...(challenges ? { challenges } : {}) };
}
