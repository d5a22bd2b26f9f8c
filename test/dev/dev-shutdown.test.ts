import assert from "node:assert/strict";
import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { probePort } from "../../src/dev/ports.js";
import { tempProject, type TempProject } from "../helpers/project.js";
import { eventually, isAlive, startDev, type DevProcess } from "./dev-helpers.js";

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
