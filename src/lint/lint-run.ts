import type { FetchLike } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CliError } from "../errors.js";
import { DEFAULT_LIMITS, type CollectLimits } from "./limits.js";

const TIMEOUT_HINT = "Check that the server is up and answering MCP, or give it longer with --timeout <ms>.";

/**
 * One lint from start to report: a single deadline and the collection limits. Everything
 * it starts (connections, requests, streams, child servers) ends when the run fails
 * (deadline passed, a limit hit, the server broke off) or is closed, and the first
 * failure is the one reported, so the message names the real cause.
 */
export class LintRun {
  readonly timeoutMs: number;
  readonly limits: CollectLimits;
  /** How the run's HTTP requests go out (doctor's: its own CA and address overrides); default the global fetch. */
  readonly fetch: FetchLike;
  /** Aborted when the run fails or is closed. */
  readonly signal: AbortSignal;
  /** What is being linted, for the timeout message: "linting http://…/mcp". */
  subject = "";
  /** What the run is doing now, for the timeout message: "waiting for the answer to tools/list". */
  waitingFor = "";
  timeoutHint = TIMEOUT_HINT;
  /** Bytes of the answer being waited for that have arrived (set by the HTTP layer). */
  arrived: { method: string; bytes: number } | undefined;
  /** Bytes of every answer so far. */
  received = 0;
  readonly warnings: string[] = [];
  private readonly controller = new AbortController();
  private readonly deadline: number;
  private readonly timer: NodeJS.Timeout;
  private failure: CliError | undefined;
  private closed = false;
  private readonly onWarning: ((message: string) => void) | undefined;

  constructor(options: { timeoutMs: number; limits?: CollectLimits; onWarning?: (message: string) => void; fetch?: FetchLike }) {
    this.timeoutMs = options.timeoutMs;
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.onWarning = options.onWarning;
    this.signal = this.controller.signal;
    this.deadline = Date.now() + options.timeoutMs;
    this.timer = setTimeout(() => this.fail(this.timeoutError()), options.timeoutMs);
  }

  /** The reason the run ended early, if it did. */
  get failed(): CliError | undefined {
    return this.failure;
  }

  /** Ends the run with `error` unless it already ended: later failures are consequences of the first. */
  fail(error: CliError): void {
    if (this.failure || this.closed) return;
    this.failure = error;
    clearTimeout(this.timer);
    this.controller.abort(error);
  }

  /** Throws the failure that ended the run; also notices a deadline passed during synchronous work. */
  check(): void {
    if (!this.failure && !this.closed && Date.now() >= this.deadline) this.fail(this.timeoutError());
    if (this.failure) throw this.failure;
  }

  remainingMs(): number {
    return Math.max(1, this.deadline - Date.now());
  }

  /**
   * Options for one SDK request: a signal of its own (the SDK adds a listener to it per
   * request and never removes it) and a timeout that lets the run's deadline speak first.
   */
  requestOptions(): { signal: AbortSignal; timeout: number; maxTotalTimeout: number } {
    const timeout = this.remainingMs() + 1000;
    return { signal: AbortSignal.any([this.signal]), timeout, maxTotalTimeout: timeout };
  }

  /** `promise`, unless the run fails first: then its failure (for waits that take no signal). */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.failure ?? this.signal.reason);
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(this.failure ?? this.signal.reason);
      this.signal.addEventListener("abort", onAbort, { once: true });
    });
    return Promise.race([promise, aborted]).finally(() => this.signal.removeEventListener("abort", onAbort));
  }

  /** Said once on stderr (e.g. a listing cut at a limit), however many clients see it. */
  warn(message: string): void {
    if (this.warnings.includes(message)) return;
    this.warnings.push(message);
    this.onWarning?.(message);
  }

  timeoutError(): CliError {
    const arrived = this.arrived && this.waitingFor.includes(this.arrived.method) && this.arrived.bytes > 0 ? ` (${this.arrived.bytes} bytes of it had arrived)` : "";
    const doing = [this.subject, this.waitingFor].filter(Boolean).join(": ") || "linting";
    return new CliError("lint_timeout", `Timed out after ${this.timeoutMs} ms ${doing}${arrived}.`, { hint: this.timeoutHint });
  }

  /** Stops whatever is still open (an event stream, a keep-alive request); idempotent. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.controller.abort(new Error("The lint run is over."));
  }
}
