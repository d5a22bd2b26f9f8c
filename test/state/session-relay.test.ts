import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { createClient } from "redis";
import { connectRedis, type RedisConnection } from "../../src/state/redis.js";
import { SessionRelay } from "../../src/state/session-relay.js";
import { startRedis, type RunningRedis } from "../helpers/redis.js";

const STEP_MS = 10_000;
const PREFIX = "relay-test:";

function within<T>(what: string, promise: Promise<T>, ms = STEP_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: nothing in ${ms} ms`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A POST through `port`; the answer's status and body. */
function send(port: number, body: string, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/mcp/messages?sessionId=s", signal, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("error", reject);
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

type Relayed = { t: string; id: string; body?: string };

/**
 * The relay between instances, against a real redis-server: an instance forwarding requests for a
 * session it does not hold, and a holder played by hand, so that its answers come exactly when the
 * test says (late, after the client left; or not ours at all).
 */
describe("session relay over Redis pub/sub", () => {
  let redis: RunningRedis;
  let connection: RedisConnection;
  let relay: SessionRelay;
  let front: Server;
  let frontPort: number;
  const warnings: string[] = [];
  // The holder of session "s": what it was sent, and a connection to answer on.
  const holderSub = () => createClient({ url: redis.url });
  let holder: ReturnType<typeof holderSub>;
  let holderPub: ReturnType<typeof holderSub>;
  const received: Relayed[] = [];
  let onReceived: (() => void) | undefined;
  let onClientGone: (() => void) | undefined;

  before(async () => {
    redis = await startRedis();
    connection = await connectRedis(redis.url, { warn: (m) => warnings.push(m), info: () => undefined });
    relay = new SessionRelay(connection, PREFIX);
    await relay.open();
    front = createServer((req, res) => {
      // Before the relay's own listener: runs first when the client leaves.
      res.once("close", () => onClientGone?.());
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => void relay.forward("s", req, res, body));
    });
    await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
    frontPort = (front.address() as AddressInfo).port;
    holder = holderSub();
    holderPub = holderSub();
    await Promise.all([holder.connect(), holderPub.connect()]);
    await holder.subscribe(`${PREFIX}session:s`, (text) => {
      received.push(JSON.parse(text) as Relayed);
      onReceived?.();
    });
  });

  after(async () => {
    await Promise.allSettled([holder?.close(), holderPub?.close()]);
    await relay?.close();
    await connection?.close();
    await new Promise((resolve) => (front ? front.close(resolve) : resolve(undefined)));
    await redis?.remove();
  });

  const next = (t: string) =>
    within(`the holder receives a ${t}`, new Promise<Relayed>((resolve) => {
      const check = () => {
        const found = received.find((m) => m.t === t);
        if (!found) return;
        received.splice(received.indexOf(found), 1);
        onReceived = undefined;
        resolve(found);
      };
      onReceived = check;
      check();
    }));
  const answer = async (id: string, status: number, text: string) => {
    const replies = `${PREFIX}session:reply:${id}`;
    await holderPub.publish(replies, JSON.stringify({ t: "head", status, headers: { "content-type": "text/plain" } }));
    await holderPub.publish(replies, JSON.stringify({ t: "data", text }));
    await holderPub.publish(replies, JSON.stringify({ t: "end" }));
  };

  test("a relayed request is answered with the holder's status and body", async () => {
    const answered = send(frontPort, '{"n":1}');
    const request = await next("request");
    assert.equal(request.body, '{"n":1}');
    await answer(request.id, 202, "Accepted");
    assert.deepEqual(await within("the answer", answered), { status: 202, text: "Accepted" });
  });

  test("the holder's answer arriving after its client left is dropped, and the relay goes on working", async () => {
    const gaveUp = new AbortController();
    const abandoned = send(frontPort, '{"n":2}', gaveUp.signal).catch((error: Error) => error);
    const request = await next("request");
    // The holder's answer is already on its way when the relay sees its client leave.
    const late = new Promise<void>((resolve) => (onClientGone = () => void answer(request.id, 202, "Accepted").then(resolve)));
    gaveUp.abort();
    assert.equal(((await within("the client gives up", abandoned)) as Error).name, "AbortError");
    await within("the late answer sent", late);
    onClientGone = undefined;
    assert.equal((await next("cancel")).id, request.id, "the relay told the holder its client left");
    const answered = send(frontPort, '{"n":3}');
    const second = await next("request");
    await answer(second.id, 202, "second");
    assert.deepEqual(await within("the next answer", answered), { status: 202, text: "second" });
    assert.deepEqual(warnings, [], "the Redis connection never failed");
  });

  test("a message on a held session's channel that is not the relay's is ignored", async () => {
    await relay.hold("held");
    await holderPub.publish(`${PREFIX}session:held`, "not json");
    await holderPub.publish(`${PREFIX}session:held`, JSON.stringify({ t: "cancel", id: "nothing-running" }));
    // The connection still answers: a relayed request round trip.
    const answered = send(frontPort, '{"n":4}');
    const request = await next("request");
    await answer(request.id, 200, "ok");
    assert.deepEqual(await within("the answer", answered), { status: 200, text: "ok" });
    assert.deepEqual(warnings, []);
    await relay.release("held");
  });
});
