import { randomBytes } from "node:crypto";
import { createServer, request } from "node:http";

let starts = 0;

/**
 * A local stand-in for ngrok, for tests (ngrok's servers cannot be reached from them).
 * Plain JavaScript, so that a spawned `chatgpt-app dev` (built JS) can load it: tests name this
 * file in CHATGPT_APP_TUNNEL_PROVIDER (the environment form of `tunnel.provider`). Like ngrok, it forwards
 * every request to the dev port with the tunnel's own Host, so the Host check is real.
 * Its URL is `http://stand-in-<id>.tunnel.test:<port>`: that name resolves nowhere, so
 * clients connect to 127.0.0.1 on the port in the URL.
 *
 * - `POST /__stand-in/drop` through the tunnel drops it, as a lost connection would.
 * - CHATGPT_APP_STAND_IN_FAIL_FIRST=N makes the first N starts fail.
 */
/** @type {import("../../src/dev/tunnel/types.js").TunnelProvider} */
const standIn = {
  name: "stand-in",
  // It stands in for ngrok: on only with the same token, which the tests check is never printed.
  authtoken: { env: "NGROK_AUTHTOKEN" },
  async start(options) {
    starts += 1;
    const failFirst = Number(process.env.CHATGPT_APP_STAND_IN_FAIL_FIRST ?? 0);
    if (starts <= failFirst) throw new Error(`stand-in tunnel refused start ${starts} of the first ${failFirst}`);

    const target = options.host === "0.0.0.0" ? "127.0.0.1" : options.host;
    /** @type {Set<import("node:net").Socket>} */
    const sockets = new Set();
    /** @type {Array<(error?: Error) => void>} */
    const closeListeners = [];
    let publicHost = "";

    const server = createServer((req, res) => {
      if (req.method === "POST" && req.url === "/__stand-in/drop") {
        res.writeHead(200).end("dropped\n", () => void drop(new Error("stand-in tunnel dropped")));
        return;
      }
      const upstream = request(
        { host: target, port: options.port, method: req.method, path: req.url, headers: { ...req.headers, host: publicHost } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => {
        if (!res.headersSent) res.writeHead(502).end("stand-in tunnel: the local server did not answer\n");
        else res.destroy();
      });
      res.on("close", () => upstream.destroy());
      req.pipe(upstream);
    });
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
    publicHost = `stand-in-${randomBytes(4).toString("hex")}.tunnel.test:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;

    let closed = false;
    const shut = () =>
      new Promise((resolve) => {
        if (closed) return resolve(undefined);
        closed = true;
        server.close(() => resolve(undefined));
        for (const socket of sockets) socket.destroy();
      });
    /** @param {Error} error */
    const drop = async (error) => {
      await shut();
      for (const listener of closeListeners) listener(error);
    };
    return {
      url: `http://${publicHost}`,
      close: shut,
      onClose: (listener) => void closeListeners.push(listener),
    };
  },
};

export default standIn;
