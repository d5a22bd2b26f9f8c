import { createServer } from "node:net";
import { CliError } from "../errors.js";

/** How many ports past the asked one are tried before giving up. */
const PORT_ATTEMPTS = 20;

function isAddressInUse(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "EADDRINUSE" || code === "EACCES";
}

function portInUseError(port: number, strict: boolean): CliError {
  return new CliError("port_in_use", strict ? `Port ${port} is already in use (--strict-port).` : `Ports ${port}–${port + PORT_ATTEMPTS - 1} are all in use.`, {
    hint: strict ? "Stop the other server, or drop --strict-port to take the next free port." : "Pass --port 0 to let the system pick any free port.",
  });
}

/**
 * Listens through `listen`, on `port` or, when it is taken, the next free one (unless
 * `strict`). Trying the real listen, rather than probing first, leaves no window in which
 * another process can take the port between the probe and the listen.
 */
export async function listenOnFreePort<T>(
  port: number,
  strict: boolean,
  listen: (port: number) => Promise<T>,
): Promise<{ value: T; port: number }> {
  const last = port === 0 || strict ? port : Math.min(65535, port + PORT_ATTEMPTS - 1);
  for (let candidate = port; candidate <= last; candidate++) {
    try {
      return { value: await listen(candidate), port: candidate };
    } catch (error) {
      if (!isAddressInUse(error)) throw error;
    }
  }
  throw portInUseError(port, strict);
}

/** Binds and releases a port on `host`; with port 0, the system picks one. Resolves with the port. */
export function probePort(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === "object" && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/**
 * A free port for a server we do not bind ourselves (server.command): `port` or the next
 * free one, or any free port for 0. Another process could take it before the child binds
 * it; the child then fails to start and says so.
 */
export async function findFreePort(port: number, host: string, strict: boolean): Promise<number> {
  const found = await listenOnFreePort(port, strict, (candidate) => probePort(candidate, host));
  return found.value;
}
