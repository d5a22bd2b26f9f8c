import type { Readable, Writable } from "node:stream";

/**
 * What a command runs against: its streams, its environment and the folder it was run in.
 * The entry point passes the process's own; a test passes its own, so commands can run
 * side by side in one process without touching globals.
 */
export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where relative paths the user typed start from. */
  cwd: string;
}

/** The process's own streams, environment and working folder. */
export function processIo(): Io {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    // Read when used: a folder deleted under the shell makes process.cwd() throw, and that is the command's error to report.
    get cwd() {
      return process.cwd();
    },
  };
}
