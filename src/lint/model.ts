import { isObject, objectAt, stringAt } from "./json.js";
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type LintEra,
  type LintModel,
  type LintSnapshot,
  type ResourceInfo,
  type SnapshotInput,
  type ToolInfo,
} from "./types.js";

/** HTML larger than this is scanned only up to here, so a huge payload cannot stall lint. */
const HTML_SCAN_LIMIT = 8 * 1024 * 1024;

/** A full snapshot from a fragment (examples, tests, fuzzing). */
export function snapshotOf(input: SnapshotInput, target = "test"): LintSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    target,
    server: input.server ?? {},
    tools: input.tools ?? [],
    resources: input.resources ?? [],
    resourceTemplates: input.resourceTemplates ?? [],
    reads: input.reads ?? {},
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.challenges ? { challenges: input.challenges } : {}),
  };
}

function toolInfo(raw: Record<string, unknown>, index: number): ToolInfo {
  const meta = objectAt(raw, "_meta");
  const ui = objectAt(meta, "ui");
  const name = typeof raw.name === "string" && raw.name !== "" ? raw.name : `#${index}`;
  const templateUri = stringAt(ui, "resourceUri") ?? stringAt(meta, "openai/outputTemplate") ?? stringAt(meta, "ui/resourceUri");
  return { index, name, raw, meta, ui, templateUri };
}

function htmlOf(contents: Record<string, unknown> | undefined): string | undefined {
  if (!contents) return undefined;
  if (typeof contents.text === "string") return contents.text.slice(0, HTML_SCAN_LIMIT);
  if (typeof contents.blob === "string") {
    return Buffer.from(contents.blob.slice(0, (HTML_SCAN_LIMIT * 4) / 3), "base64").toString("utf8");
  }
  return undefined;
}

function contentsItem(read: LintSnapshot["reads"][string] | undefined, uri: string): Record<string, unknown> | undefined {
  if (!read || !Array.isArray(read.contents)) return undefined;
  const items = read.contents.filter(isObject);
  return items.find((item) => item.uri === uri) ?? items[0];
}

/** Indexes a snapshot for the rules: tools with their lookups, resources merged by URI. */
export function buildModel(snapshot: LintSnapshot, options: { era?: LintEra } = {}): LintModel {
  const tools: ToolInfo[] = [];
  const malformedTools: LintModel["malformedTools"] = [];
  const list = Array.isArray(snapshot.tools) ? snapshot.tools : [];
  list.forEach((value, index) => {
    if (isObject(value)) tools.push(toolInfo(value, index));
    else malformedTools.push({ index, value });
  });

  const reads = isObject(snapshot.reads) ? snapshot.reads : {};
  const byUri = new Map<string, ResourceInfo>();
  const resourceFor = (uri: string): ResourceInfo => {
    let info = byUri.get(uri);
    if (!info) {
      const read = Object.hasOwn(reads, uri) && isObject(reads[uri]) ? reads[uri] : undefined;
      const contents = contentsItem(read, uri);
      info = {
        uri,
        listEntry: undefined,
        contents,
        readError: read && typeof read.error === "string" ? read.error : undefined,
        html: htmlOf(contents),
        referencedBy: [],
        isUi: uri.startsWith("ui://"),
      };
      byUri.set(uri, info);
    }
    return info;
  };
  for (const entry of Array.isArray(snapshot.resources) ? snapshot.resources : []) {
    const uri = stringAt(entry, "uri");
    if (uri === undefined) continue;
    const info = resourceFor(uri);
    info.listEntry ??= entry as Record<string, unknown>;
  }
  for (const tool of tools) {
    if (tool.templateUri === undefined) continue;
    const info = resourceFor(tool.templateUri);
    info.referencedBy.push(tool);
    info.isUi = true;
  }
  for (const uri of Object.keys(reads)) resourceFor(uri);
  return { snapshot, era: options.era ?? "2025", tools, malformedTools, resources: [...byUri.values()], resourceByUri: byUri };
}
