import type { Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

export interface DrainingServer {
  /**
   * Stops taking connections and drains: every answer from now on carries `Connection: close`
   * (so a kept-alive client opens no new request on its socket), idle sockets are closed,
   * `endStreams` ends the long-lived responses, and what is still in flight after `timeoutMs`
   * is cut. Resolves once every socket is gone.
   */
  drain(timeoutMs: number, endStreams: () => Promise<void>): Promise<void>;
}

/** Tracks a node:http server's sockets and open responses so that it can shut down gracefully. */
export function drainable(server: Server): DrainingServer {
  const sockets = new Set<Socket>();
  const open = new Set<ServerResponse>();
  let draining = false;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Before the app's own listener, so the header is set before anything is written.
  server.prependListener("request", (_req, res: ServerResponse) => {
    open.add(res);
    if (draining) res.setHeader("connection", "close");
    res.on("close", () => {
      open.delete(res);
      // A stream that ended after its headers went out as keep-alive leaves an idle socket behind.
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    async drain(timeoutMs, endStreams) {
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader("connection", "close");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await endStreams();
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, timeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
