import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Remembers what each file held when it last caused work, so that a second event for the
 * same content causes none. A save is often seen twice (the truncate, then the write, or
 * the watcher's settle check after it); for an app reload or a server restart, which are
 * not free, the second one is skipped.
 */
export class ContentMemo {
  #seen = new Map<string, string | null>();

  /** True when the file's content differs from the last time this said true for it. */
  changed(path: string): boolean {
    let hash: string | null;
    try {
      hash = createHash("sha1").update(readFileSync(path)).digest("hex");
    } catch {
      hash = null; // gone
    }
    if (this.#seen.has(path) && this.#seen.get(path) === hash) return false;
    this.#seen.set(path, hash);
    return true;
  }
}
