import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import { connect as connectTcp, type Socket } from "node:net";
import { after, before, describe, test } from "node:test";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";

const LIST = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
const HEAD = "content-type: application/json\r\naccept: application/json, text/event-stream\r\n";

async function startServer(project: TempProject, env: Record<string, string> = {}): Promise<{ server: Spawned; origin: string; port: number }> {
  const server = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0", ...env } });
  const [, url] = await server.waitForStdout(/(http:\/\/127\.0\.0\.1:\d+)\/mcp\n/);
  return { server, origin: url!, port: Number(new URL(url!).port) };
}

/** A raw keep-alive connection: what the server wrote, and whether it closed the socket. */
function openSocket(port: number): Promise<{ socket: Socket; received(): string; ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (d) => (text += d));
    const ended = new Promise<void>((done) => socket.on("close", () => done()));
    socket.once("error", reject);
    socket.once("connect", () => resolve({ socket, received: () => text, ended }));
  });
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), "waited 10 s");
};

interface Outcome {
  status?: number;
  connection?: string;
  error?: string;
  reused: boolean;
  gotResponse: boolean;
}

/** One POST through a keep-alive agent, noting how it ended. */
function post(agent: Agent, origin: string): Promise<Outcome> {
  return new Promise((resolve) => {
    let gotResponse = false;
    const req = request(`${origin}/mcp`, { method: "POST", agent, headers: { "content-type": "application/json", accept: "application/json, text/event-stream" } }, (res) => {
      gotResponse = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        const complete = res.complete && JSON.parse(body).result !== undefined;
        resolve({ status: complete ? res.statusCode : -1, connection: res.headers.connection, reused: req.reusedSocket, gotResponse });
      });
      res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, reused: req.reusedSocket, gotResponse }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message, reused: req.reusedSocket, gotResponse }));
    req.end(LIST);
  });
}

describe("start: graceful shutdown and refused bodies", () => {
  let project: TempProject;
  const running: Spawned[] = [];
  before(async () => {
    project = tempProject("basic", { "chatgpt-app.config.json": JSON.stringify({ bodyLimit: 65536 }) });
    const r = await runCli(["build"], { cwd: project.dir });
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => {
    for (const server of running) server.kill("SIGKILL");
    project?.remove();
  });

  test("after SIGTERM: a request in flight finishes with Connection: close, idle sockets and event streams close, exit 0", async () => {
    const { server, port } = await startServer(project, { SHUTDOWN_TIMEOUT: "30" });
    running.push(server);
    const idle = await openSocket(port);
    idle.socket.write(`POST /mcp HTTP/1.1\r\nhost: 127.0.0.1\r\n${HEAD}content-length: ${LIST.length}\r\n\r\n${LIST}`);
    await until(() => idle.received().includes('"tools"'));
    assert.doesNotMatch(idle.received(), /connection: close/i, "kept alive before the signal");

    const stream = await openSocket(port);
    stream.socket.write(`GET /sse HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: text/event-stream\r\n\r\n`);
    await until(() => stream.received().includes("event: endpoint"));

    // A request whose body is still arriving when the signal comes.
    const busy = await openSocket(port);
    const half = Math.floor(LIST.length / 2);
    busy.socket.write(`POST /mcp HTTP/1.1\r\nhost: 127.0.0.1\r\n${HEAD}content-length: ${LIST.length}\r\n\r\n${LIST.slice(0, half)}`);
    await new Promise((r) => setTimeout(r, 200));

    server.kill("SIGTERM");
    await server.waitForStderr(/Shutting down/);
    await idle.ended;
    await stream.ended;
    busy.socket.write(LIST.slice(half));
    await busy.ended;
    const answer = busy.received();
    assert.match(answer, /^HTTP\/1\.1 200 /);
    assert.match(answer, /\r\nconnection: close\r\n/i);
    assert.match(answer, /"tools"/);
    assert.equal(await server.exited, 0);
  });

  test("kept-alive clients sending requests after SIGTERM: each gets a complete answer with Connection: close, then a refused connection; nothing is reset", async () => {
    const { server, origin } = await startServer(project, { SHUTDOWN_TIMEOUT: "30" });
    running.push(server);
    let answered = 0;
    const loop = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const outcomes: Outcome[] = [];
      for (let i = 0; i < 3000; i++) {
        const outcome = await post(agent, origin);
        outcomes.push(outcome);
        answered += 1;
        if (outcome.error) break;
      }
      agent.destroy();
      return outcomes;
    };
    const loops = Array.from({ length: 8 }, loop);
    await until(() => answered > 80);
    server.kill("SIGTERM");
    const results = await Promise.all(loops);
    assert.equal(await server.exited, 0);
    for (const outcomes of results) {
      const [last, beforeLast] = [outcomes.at(-1)!, outcomes.at(-2)!];
      assert.deepEqual(outcomes.slice(0, -1).filter((o) => o.status !== 200), [], "every answer is complete");
      assert.deepEqual(last, { error: "ECONNREFUSED", reused: false, gotResponse: false }, "the loop ends on a closed listener, not a reset");
      assert.equal(beforeLast.connection, "close", "the last answer told the client to close");
    }
  });

  test("a body over the limit gets its 413 through to fetch and node:http, every time", async () => {
    const { server, origin } = await startServer(project);
    running.push(server);
    const bytes = 2 * 1024 * 1024;
    const big = "x".repeat(bytes);
    const postLarge = (chunked: boolean) =>
      new Promise<number | string>((resolve) => {
        const headers: Record<string, string | number> = { "content-type": "application/json" };
        if (!chunked) headers["content-length"] = bytes;
        const req = request(`${origin}/mcp`, { method: "POST", headers, agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        const chunk = Buffer.alloc(64 * 1024, "x");
        let sent = 0;
        const pump = () => {
          while (sent < bytes) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once("drain", pump);
          }
          req.end();
        };
        pump();
      });
    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 15; i++) {
      outcomes.push(
        await fetch(`${origin}/mcp`, { method: "POST", headers: { "content-type": "application/json" }, body: big }).then(
          async (r) => (await r.text(), r.status),
          (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
        ),
      );
      outcomes.push(await postLarge(false));
      outcomes.push(await postLarge(true));
    }
    assert.deepEqual(outcomes.filter((o) => o !== 413), [], `every attempt saw the 413: ${outcomes.join(" ")}`);
    server.kill("SIGTERM");
    assert.equal(await server.exited, 0);
  });
});
