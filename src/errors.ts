import { stripVTControlCharacters } from "node:util";

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** Problems found (lint errors, failed checks). */
  problems: 1,
  /** Usage, config, connection or internal error. */
  error: 2,
  /** Cancelled by the user (Ctrl-C at a prompt, a forced shutdown). */
  cancelled: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface CliErrorOptions {
  /** What to do next, shown under the message. */
  hint?: string;
  exitCode?: ExitCode;
  /** Where the problem is, e.g. a config file and key, or file:line:col. */
  location?: string;
  cause?: unknown;
}

/**
 * The one error type the CLI renders. `code` is stable (snake_case) so scripts and
 * tests can match it; `message` says what went wrong and `hint` what to do about it.
 */
export class CliError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  readonly location: string | undefined;

  constructor(code: string, message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CliError";
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.error;
    this.location = options.location;
  }
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof Error && (error as { name?: string }).name === "CliError" && "code" in error;
}

/** Thrown when the user cancels (Ctrl-C at a prompt): exit 130, nothing else printed. */
export class CancelledError extends CliError {
  constructor(message = "Cancelled.") {
    super("cancelled", message, { exitCode: ExitCode.cancelled });
  }
}

/** The code of a failure that is not a CliError: a bug in chatgpt-app. */
export const INTERNAL_ERROR = "internal_error";

/**
 * The one line a failure adds to stderr in machine-readable modes (`--json`, `--format json|sarif`):
 * `{"error":{"code","message","hint"}}`, hint null when there is none. Codes are listed in docs/errors.md.
 */
export function errorJsonLine(error: unknown, internalHint?: string): string {
  const plain = (text: string | undefined) => (text === undefined ? null : stripVTControlCharacters(text));
  const payload = isCliError(error)
    ? { code: error.code, message: plain(error.message), hint: plain(error.hint) }
    : { code: INTERNAL_ERROR, message: plain(errorMessage(error)), hint: plain(internalHint) };
  return `${JSON.stringify({ error: payload })}\n`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
