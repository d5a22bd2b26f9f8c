import kleur from "kleur";
import type { Io } from "./io.js";

/**
 * Colour decision, made once: kleur is switched off for NO_COLOR, for a stderr that
 * is not a TTY, and for machine-readable output; FORCE_COLOR switches it back on.
 */
export function configureColour(options: { machineOutput?: boolean } = {}, io: Pick<Io, "env" | "stderr"> = process): boolean {
  const env = io.env;
  let enabled = Boolean(io.stderr.isTTY);
  if ("NO_COLOR" in env && env.NO_COLOR !== "") enabled = false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false") enabled = true;
  if (env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false") enabled = false;
  if (options.machineOutput) enabled = false;
  kleur.enabled = enabled;
  return enabled;
}

export interface Logger {
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A line prefixed with the local time, for rebuilds and restarts. */
  event(message: string): void;
}

export type Write = (text: string) => void;

export const writeStderr: Write = (text) => {
  process.stderr.write(text);
};
export const writeStdout: Write = (text) => {
  process.stdout.write(text);
};

/** A writer onto one stream (an `Io`'s stdout or stderr). */
export function writerOf(stream: { write(text: string): unknown }): Write {
  return (text) => {
    stream.write(text);
  };
}

function timestamp(date = new Date()): string {
  return date.toTimeString().slice(0, 8);
}

/** Logs go to stderr; stdout is kept for results. */
export function createLogger(write: Write = writeStderr, options: { quiet?: boolean } = {}): Logger {
  const line = (text: string) => {
    if (!options.quiet) write(`${text}\n`);
  };
  return {
    info: (m) => line(m),
    success: (m) => line(`${kleur.green("✔")} ${m}`),
    warn: (m) => line(`${kleur.yellow("▲")} ${kleur.yellow(m)}`),
    error: (m) => line(`${kleur.red("✖")} ${m}`),
    event: (m) => line(`${kleur.dim(timestamp())} ${m}`),
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
