/**
 * Runs every step in order, each even if one before it failed (esbuild's service may already be
 * gone after a Ctrl-C to the process group); rethrows the first failure once all have run.
 */
export async function closeInOrder(steps: Array<() => Promise<unknown> | unknown>): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) await Promise.resolve().then(step).catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw failures[0];
}

/**
 * The parts of a running dev server, closed in the reverse of the order they were opened, once
 * however often `close` is called, as vite's server closes its own.
 */
export class Handles {
  #closers: Array<() => Promise<unknown> | unknown> = [];
  #closing: Promise<void> | undefined;

  /** Adds what closes the part just opened (it closes before everything added earlier). */
  add(close: () => Promise<unknown> | unknown): void {
    this.#closers.push(close);
  }

  close(): Promise<void> {
    this.#closing ??= closeInOrder([...this.#closers].reverse());
    return this.#closing;
  }
}
