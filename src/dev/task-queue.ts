/**
 * Runs at most one task per key at a time. Asking for a key while its task runs makes it
 * run once more afterwards, however many times it was asked: 200 saves during one build
 * cost one more build, and that build reads the files as the last save left them.
 */
export class TaskQueue {
  #running = new Map<string, Promise<void>>();
  #again = new Map<string, () => Promise<void>>();
  #onError: (error: unknown, key: string) => void;

  constructor(onError: (error: unknown, key: string) => void) {
    this.#onError = onError;
  }

  /** Resolves when the key's work, the re-run it may have asked for included, is done. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const running = this.#running.get(key);
    if (running) {
      this.#again.set(key, task);
      return running;
    }
    const loop = (async () => {
      let next: (() => Promise<void>) | undefined = task;
      while (next) {
        this.#again.delete(key);
        try {
          await next();
        } catch (error) {
          this.#onError(error, key);
        }
        next = this.#again.get(key);
      }
      this.#running.delete(key);
    })();
    this.#running.set(key, loop);
    return loop;
  }

  isRunning(key: string): boolean {
    return this.#running.has(key);
  }

  /** Resolves once nothing runs or waits to run. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}
