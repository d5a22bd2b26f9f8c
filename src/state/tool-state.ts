import { createHash, randomBytes } from "node:crypto";
import type { StateOwner } from "../app/request-context.js";
import type { StateEntry, StateScope, StateWriteOptions, ToolState } from "../app/types.js";
import type { KvStore } from "./store.js";

const HANDLE = /^h_[A-Za-z0-9_-]{22}$/;
/** Largest value written, once serialized: state is for small records, not files. */
const MAX_VALUE = 512 * 1024;
/** Tries of one `update` before it gives up (another writer won every time). */
const MAX_TRIES = 200;

/** A digest of who owns a scope: keys never carry a raw id, and their length stays bounded. */
const digest = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("base64url").slice(0, 32);

function ttlMs(options: StateWriteOptions | undefined): number {
  const ttl = options?.ttl;
  if (ttl === undefined) return 0;
  if (typeof ttl !== "number" || !Number.isFinite(ttl) || ttl <= 0) throw new TypeError(`ttl must be a positive number of seconds, got ${String(ttl)}.`);
  return Math.ceil(ttl * 1000);
}

function encode(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError("State values must be JSON: got undefined, a function or a symbol.");
  if (json.length > MAX_VALUE) throw new RangeError(`State value too large: ${json.length} bytes of JSON, the limit is ${MAX_VALUE}.`);
  // A fresh revision per write, so compare-and-set tells apart two writes of the same value.
  return `${randomBytes(6).toString("base64url")}:${json}`;
}

function decode<T>(raw: string | undefined): T | undefined {
  if (raw === undefined) return undefined;
  return JSON.parse(raw.slice(raw.indexOf(":") + 1)) as T;
}

function checkKey(key: string): void {
  if (typeof key !== "string" || key.length === 0 || key.length > 200) throw new TypeError("A state key is a string of 1 to 200 characters.");
}

/** One owner's keys in the store. The version handed out is the raw value (its revision makes it unique). */
class Scope implements StateScope {
  #store: KvStore;
  #prefix: string;

  constructor(store: KvStore, prefix: string) {
    this.#store = store;
    this.#prefix = prefix;
  }

  #key(key: string): string {
    checkKey(key);
    return `${this.#prefix}${key}`;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return decode<T>(await this.#store.get(this.#key(key)));
  }

  async set<T>(key: string, value: T, options?: StateWriteOptions): Promise<void> {
    await this.#store.set(this.#key(key), encode(value), ttlMs(options));
  }

  async entry<T>(key: string): Promise<StateEntry<T>> {
    const raw = await this.#store.get(this.#key(key));
    return { value: decode<T>(raw), version: raw ?? null };
  }

  compareAndSet<T>(key: string, version: string | null, value: T, options?: StateWriteOptions): Promise<boolean> {
    return this.#store.compareAndSet(this.#key(key), version ?? undefined, encode(value), ttlMs(options));
  }

  async update<T>(key: string, change: (current: T | undefined) => T, options?: StateWriteOptions): Promise<T> {
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const { value, version } = await this.entry<T>(key);
      const next = change(value);
      if (await this.compareAndSet(key, version, next, options)) return next;
      // Many writers on one key: spread the retries out a little.
      if (attempt > 2) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, attempt * 2)));
    }
    throw new Error(`State key "${key}" changed under every one of ${MAX_TRIES} tries: too many writers at once.`);
  }

  async delete(key: string): Promise<void> {
    await this.#store.delete(this.#key(key));
  }
}

/** The state API of every request: one store, keys under the app's prefix. */
export class ToolStateService {
  readonly store: KvStore;
  readonly prefix: string;

  constructor(store: KvStore, prefix: string) {
    this.store = store;
    this.prefix = prefix;
  }

  /** `context.app.state` for one request. */
  forRequest(owner: StateOwner): ToolState {
    const scope = (kind: string, id: string) => new Scope(this.store, `${this.prefix}${kind}:${id}:`);
    const oauth = owner.auth?.subject || undefined;
    return {
      mint: () => `h_${randomBytes(16).toString("base64url")}`,
      handle(handle) {
        if (typeof handle !== "string" || !HANDLE.test(handle)) {
          throw new TypeError("Not a state handle: pass back a handle that state.mint() made, exactly as it was returned.");
        }
        // Signed in, a handle reaches only its subject's keys: a copied or forged one finds nothing.
        return scope("h", oauth === undefined ? digest(handle) : digest(handle, oauth));
      },
      conversation() {
        if (!owner.session) throw new Error("This request has no conversation (openai/session): use a handle from state.mint() instead.");
        return scope("c", digest(owner.session));
      },
      user() {
        if (oauth !== undefined) return scope("u", digest("oauth", oauth));
        if (owner.subject) return scope("u", digest("openai", owner.subject));
        throw new Error("This request names no user (no OAuth subject, no openai/subject): use a handle from state.mint() instead.");
      },
    };
  }
}

/** The default key prefix: one app's keys apart from another's on a shared Redis. */
export function defaultStatePrefix(appName: string): string {
  return `chatgpt-app:${appName}:`;
}
