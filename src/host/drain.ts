import { Server as NetServer, type Socket } from "node:net";
import type { Server, ServerResponse } from "node:http";

export interface DrainingServer {
  /**
   * Stops taking connections and drains: every answer from now on carries `Connection: close`
   * (so a kept-alive client sends nothing more on that socket), `endStreams` ends the
   * long-lived responses, sockets left idle are closed, and what is still in flight after
   * `timeoutMs` is cut. Resolves once every socket is gone.
   */
  drain(timeoutMs: number, endStreams: () => Promise<void>): Promise<void>;
}

interface Connection {
  active: number;
  idleSince: number;
}

/** Tracks a node:http server's sockets and open responses so that it can shut down gracefully. */
export function drainable(server: Server): DrainingServer {
  const connections = new Map<Socket, Connection>();
  const open = new Set<ServerResponse>();
  let draining = false;
  server.on("connection", (socket: Socket) => {
    connections.set(socket, { active: 0, idleSince: Date.now() });
    socket.on("close", () => connections.delete(socket));
  });
  // Before the app's own listener, so the header is set before anything is written.
  server.prependListener("request", (req, res: ServerResponse) => {
    const connection = connections.get(req.socket);
    if (connection) connection.active += 1;
    open.add(res);
    if (draining) res.setHeader("connection", "close");
    res.on("close", () => {
      open.delete(res);
      if (connection) {
        connection.active -= 1;
        connection.idleSince = Date.now();
      }
    });
  });

  return {
    async drain(timeoutMs, endStreams) {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader("connection", "close");
      // net.Server's close: stop listening, but unlike http.Server's, leave the idle kept-alive sockets be
      // for now. Closing one right after an answer races the client's next request on it (a reset).
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      await endStreams();
      // A socket idle this long is a pooled one, not a client between two requests.
      const grace = Math.min(2000, timeoutMs / 2);
      const sweep = () => {
        for (const [socket, connection] of connections) {
          if (connection.active === 0 && Date.now() - connection.idleSince >= grace) socket.destroy();
        }
      };
      // Swept after the loop's I/O phase, never straight from a timer: a process that was stalled must first
      // read the requests that arrived meanwhile, or it would take those sockets for idle ones.
      const sweepAfterIo = () => void setImmediate(sweep);
      const sweeper = setInterval(sweepAfterIo, Math.max(10, Math.min(100, grace / 4)));
      const timer = setTimeout(() => {
        for (const socket of connections.keys()) socket.destroy();
      }, timeoutMs);
      sweepAfterIo();
      await closed;
      clearInterval(sweeper);
      clearTimeout(timer);
    },
  };
}
