import { ExitCode } from "../errors.js";

/**
 * Waits for Ctrl-C or SIGTERM, then runs `close` once. A second signal while closing
 * forces the exit (130). Resolves with the exit code.
 */
export function onShutdown(close: () => Promise<void>): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    const handler = (signal: NodeJS.Signals) => {
      if (closing) {
        process.stderr.write(`\nForced exit (${signal}).\n`);
        process.exit(ExitCode.cancelled);
      }
      closing = true;
      close().then(
        () => {
          process.off("SIGINT", handler);
          process.off("SIGTERM", handler);
          resolve(ExitCode.ok);
        },
        (error: unknown) => {
          process.stderr.write(`Error while shutting down: ${String(error)}\n`);
          resolve(ExitCode.error);
        },
      );
    };
    process.on("SIGINT", handler);
    process.on("SIGTERM", handler);
  });
}
