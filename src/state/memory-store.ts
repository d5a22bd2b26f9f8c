import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { KvStore } from "./store.js";

interface Item {
  value: string;
  /** Epoch ms; 0: never. */
  expires: number;
}

/** State in this process: dev, tests, and the base of the file store. */
export class MemoryStore implements KvStore {
  readonly kind: KvStore["kind"] = "memory";
  protected items = new Map<string, Item>();
  #sweeper = setInterval(() => this.#sweep(), 60_000).unref();

  async get(key: string): Promise<string | undefined> {
    return this.#live(key)?.value;
  }

  async set(key: string, value: string, ttlMs = 0): Promise<void> {
    this.items.set(key, { value, expires: ttlMs > 0 ? Date.now() + ttlMs : 0 });
    this.changed();
  }

  async compareAndSet(key: string, expected: string | undefined, value: string, ttlMs = 0): Promise<boolean> {
    // One thread: nothing can come between this read and the write.
    if (this.#live(key)?.value !== expected) return false;
    await this.set(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    if (this.items.delete(key)) this.changed();
  }

  async close(): Promise<void> {
    clearInterval(this.#sweeper);
  }

  /** Told after each write (the file store saves). */
  protected changed(): void {}

  #live(key: string): Item | undefined {
    const item = this.items.get(key);
    if (item && item.expires !== 0 && item.expires <= Date.now()) {
      this.items.delete(key);
      return undefined;
    }
    return item;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [key, item] of this.items) if (item.expires !== 0 && item.expires <= now) this.items.delete(key);
  }
}

/**
 * State of a single `start` instance kept in one JSON file, so a restart keeps it: written soon
 * after each change (atomically, through a rename) and on close. Not for several instances: they
 * would each keep their own copy; use Redis there.
 */
export class FileStore extends MemoryStore {
  override readonly kind = "file";
  readonly file: string;
  #timer: NodeJS.Timeout | undefined;

  constructor(file: string) {
    super();
    this.file = file;
    let saved: Record<string, Item> = {};
    try {
      saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, Item>;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        // A damaged file must not stop the server: it starts empty and the next save replaces it.
        process.emitWarning(`${file} could not be read (${(error as Error).message}); state starts empty.`);
      }
    }
    const now = Date.now();
    for (const [key, item] of Object.entries(saved)) {
      if (typeof item?.value === "string" && (item.expires === 0 || item.expires > now)) this.items.set(key, item);
    }
  }

  protected override changed(): void {
    this.#timer ??= setTimeout(() => this.#save(), 200);
  }

  #save(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(Object.fromEntries(this.items)));
    renameSync(temporary, this.file);
  }

  override async close(): Promise<void> {
    await super.close();
    if (this.#timer) this.#save();
  }
}
