import { CliError } from "../errors.js";

/** How much lint reads from a server before it stops: a hostile or broken one cannot exhaust memory. */
export interface CollectLimits {
  /** Pages read of each list (`tools/list`, `resources/list`, `resources/templates/list`). */
  pages: number;
  /** Entries kept of each list. */
  items: number;
  /** Bytes of one answer (an HTTP body, an event on an SSE stream, a line on stdio), decompressed. */
  responseBytes: number;
  /** Bytes of every answer of the run together. */
  totalBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_LIMITS: CollectLimits = { pages: 100, items: 10_000, responseBytes: 16 * MB, totalBytes: 64 * MB };

/** `--limit` names, as users write them. */
const NAMES = { pages: "pages", items: "items", "response-size": "responseBytes", "total-size": "totalBytes" } as const;
type LimitName = keyof typeof NAMES;

export function limitFlag(key: keyof CollectLimits): string {
  return `--limit ${Object.entries(NAMES).find(([, k]) => k === key)![0]}=`;
}

/** 16777216 → "16 MB"; sizes are binary (1 MB = 1,048,576 bytes), as the flags read them. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} kB`;
  return `${bytes} bytes`;
}

function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? "b").toLowerCase()[0]!;
  return Math.round(Number(match[1]) * ({ b: 1, k: 1024, m: MB, g: 1024 * MB } as Record<string, number>)[unit]!);
}

/** `--limit pages=200 --limit response-size=32mb` → the limits, over the defaults. */
export function parseLimits(values: string[] = []): CollectLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const value of values) {
    const [name = "", raw = ""] = value.split("=", 2).map((part) => part.trim());
    if (!(name in NAMES)) {
      throw new CliError("usage_invalid", `--limit "${value}": unknown limit "${name}".`, {
        hint: `Use ${Object.keys(NAMES).join(", ")}, e.g. --limit items=20000 or --limit response-size=64mb.`,
      });
    }
    const key = NAMES[name as LimitName];
    const size = key === "pages" || key === "items" ? (/^\d+$/.test(raw) ? Number(raw) : undefined) : parseSize(raw);
    if (size === undefined || size < 1) {
      throw new CliError("usage_invalid", `--limit "${value}": expected a positive ${key === "pages" || key === "items" ? "whole number" : "size such as 32mb"}.`);
    }
    limits[key] = size;
  }
  return limits;
}
