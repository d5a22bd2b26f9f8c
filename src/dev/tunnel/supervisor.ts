import { errorMessage } from "../../errors.js";
import type { Tunnel, TunnelProvider, TunnelStartOptions } from "./types.js";

export interface TunnelSupervisorOptions {
  provider: TunnelProvider;
  start: TunnelStartOptions;
  onUp(tunnel: Tunnel): void;
  onDown(message: string, retryInMs: number): void;
  onStatus?(status: "reconnecting" | "reconnected", url: string): void;
  /** Waits between attempts, the last repeated (default 1 s doubling to 30 s). */
  backoffMs?: number[];
  /** An attempt that has not answered by then counts as failed (default 20 s). */
  attemptTimeoutMs?: number;
}

export interface TunnelSupervisor {
  current(): Tunnel | undefined;
  /** Settles when the first attempt has succeeded or failed. */
  firstAttempt: Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_BACKOFF = [1000, 2000, 4000, 8000, 16000, 30000];

/** Removes the token from anything a provider says, should it ever echo it. */
export function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join("***") : text;
}

/**
 * Keeps a tunnel up: a failed start or a dropped tunnel is reported and retried with
 * backoff, never thrown. `close` stops the retries and ends the tunnel.
 */
export function superviseTunnel(options: TunnelSupervisorOptions): TunnelSupervisor {
  const backoff = options.backoffMs ?? DEFAULT_BACKOFF;
  const timeoutMs = options.attemptTimeoutMs ?? 20_000;
  let failures = 0;
  let closed = false;
  let tunnel: Tunnel | undefined;
  let retry: NodeJS.Timeout | undefined;

  const scheduleRetry = (error: unknown) => {
    if (closed) return;
    const wait = backoff[Math.min(failures, backoff.length - 1)]!;
    failures += 1;
    options.onDown(redact(errorMessage(error), options.start.authtoken), wait);
    retry = setTimeout(() => attemptAgain(), wait);
  };

  const attempt = async () => {
    retry = undefined;
    let timer: NodeJS.Timeout | undefined;
    const starting = options.provider.start(options.start);
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from ${options.provider.name} in ${timeoutMs / 1000} s`)), timeoutMs);
    });
    let started: Tunnel;
    try {
      started = await Promise.race([starting, timedOut]);
    } catch (error) {
      // A start that answers after its time ran out is closed, not leaked.
      starting.then((late) => late.close()).catch(() => undefined);
      scheduleRetry(error);
      return;
    } finally {
      clearTimeout(timer);
    }
    if (closed) {
      await started.close().catch(() => undefined);
      return;
    }
    failures = 0;
    tunnel = started;
    started.onStatus?.((status) => options.onStatus?.(status, started.url));
    started.onClose?.((error) => {
      if (tunnel !== started || closed) return;
      tunnel = undefined;
      scheduleRetry(error ?? new Error("the tunnel closed"));
    });
    options.onUp(started);
  };

  let inflight = attempt();
  const firstAttempt = inflight;
  const attemptAgain = () => {
    inflight = attempt();
  };
  return {
    current: () => tunnel,
    firstAttempt,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      // An attempt under way closes what it gets once it sees `closed`; wait a little for it.
      await Promise.race([inflight, new Promise((r) => setTimeout(r, 2000).unref())]);
      const open = tunnel;
      tunnel = undefined;
      await open?.close().catch(() => undefined);
    },
  };
}
