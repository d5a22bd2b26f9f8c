import assert from "node:assert/strict";
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { probePort } from "../../src/process/ports.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { spawnCli, type Spawned } from "../helpers/cli.js";
import { eventually, isAlive, portFreed, processTree, startDev, survivorsOf, type DevProcess } from "./dev-helpers.js";

/**
 * server.command here is a Node server that ignores SIGTERM, as a server stuck in its own
 * shutdown would: dev must still end it, by SIGKILL after a grace period, or at once when
 * a second Ctrl-C forces the exit.
 */
describe("dev shutdown with a server.command child that ignores SIGTERM", () => {
  const projects: TempProject[] = [];
  const running: DevProcess[] = [];
  after(() => {
    for (const dev of running) dev.kill("SIGKILL");
    for (const project of projects) project.remove();
  });

  const start = async () => {
    const project = tempProject("dev-command");
    projects.push(project);
    const dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    running.push(dev);
    const ready = await dev.ready;
    return { project, dev, ready, childPid: ready.childPid as number };
  };

  test("the child gets its port, host, allowed hosts and the build folder; SIGTERM ends both, exit 0, port free", async () => {
    const { project, dev, ready, childPid } = await start();
    assert.equal(ready.mode, "command");
    assert.match(readFileSync(`/proc/${childPid}/cmdline`, "utf8"), /stubborn-server\.mjs/);
    const env = await dev.waitForStderr(/\[server\] env (.*)/);
    assert.equal(
      env[1],
      `PORT=${ready.port} HOST=127.0.0.1 ALLOWED_HOSTS=localhost,127.0.0.1,[::1] CHATGPT_APP_DEV=1 CHATGPT_APP_OUT_DIR=${join(realpathSync(project.dir), "dist")}`,
    );
    dev.child.kill("SIGTERM");
    assert.equal(await dev.exited, 0, dev.stderr());
    assert.match(dev.stderr(), /\[server\] ignoring SIGTERM/);
    assert.equal(isAlive(childPid), false, "SIGKILL followed when SIGTERM was ignored");
    assert.equal(await probePort(ready.port, "127.0.0.1"), ready.port);
  });

  test("a second Ctrl-C forces the exit (130) and still takes the child with it", async () => {
    const { dev, childPid } = await start();
    dev.child.kill("SIGINT");
    await dev.waitForStderr(/\[server\] ignoring SIGTERM/);
    dev.child.kill("SIGINT");
    assert.equal(await dev.exited, 130);
    assert.match(dev.stderr(), /Forced exit/);
    await eventually(async () => isAlive(childPid), (alive) => !alive, 5000);
  });
});

function setCommand(project: TempProject, command: string): void {
  const file = join(project.dir, "chatgpt-app.config.json");
  const config = JSON.parse(readFileSync(file, "utf8"));
  writeFileSync(file, JSON.stringify({ ...config, server: { ...config.server, command } }));
}

/**
 * SIGKILL runs no handler and an unhandled SIGINT none either: the child server (which
 * runs in its own process group, out of reach of signals sent to chatgpt-app's) must still
 * end with chatgpt-app, and everything it started with it.
 */
describe("a server.command never outlives chatgpt-app", () => {
  const projects: TempProject[] = [];
  const running: Spawned[] = [];
  after(() => {
    for (const spawned of running) spawned.kill("SIGKILL");
    for (const project of projects) project.remove();
  });

  test("SIGKILL of dev ends the child's whole tree (a shell command and its children); the port is free", async () => {
    const project = tempProject("dev-command");
    projects.push(project);
    // Not one program but a shell with two children, one of which ignores SIGTERM.
    setCommand(project, "node stubborn-server.mjs {port} & sleep 600; wait");
    const dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    running.push(dev);
    const ready = await dev.ready;
    const tree = processTree(ready.childPid as number);
    assert.ok(tree.length >= 3, `a shell, the server and sleep: ${tree.join(" ")}`);
    assert.equal(await probePort(ready.port, "127.0.0.1").catch(() => "in use"), "in use");
    dev.kill("SIGKILL");
    await dev.exited;
    assert.deepEqual(await survivorsOf(tree), [], "no process of the child's tree survives dev");
    assert.ok(await portFreed(ready.port), `port ${ready.port} is free again`);
  });

  test("Ctrl-C of lint on a server.command project ends the server it started; the port is free", async () => {
    const project = tempProject("dev-command");
    projects.push(project);
    // A server that never answers: lint is still waiting for it when Ctrl-C comes.
    setCommand(project, "node stubborn-server.mjs {port} silent");
    const lint = spawnCli(["lint", "--timeout", "120000"], { cwd: project.dir });
    running.push(lint);
    const server = await eventually(
      async () => processTree(lint.child.pid!).find((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("stubborn-server.mjs")),
      (pid) => pid !== undefined,
      60_000,
    );
    const port = Number(readFileSync(`/proc/${server}/cmdline`, "utf8").split("\0")[2]);
    await eventually(() => probePort(port, "127.0.0.1").then(() => "free", () => "in use"), (state) => state === "in use");
    lint.kill("SIGINT");
    await lint.exited;
    assert.deepEqual(await survivorsOf([server!]), [], "the server lint started is gone");
    assert.ok(await portFreed(port), `port ${port} is free again`);
  });
});
