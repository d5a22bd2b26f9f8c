import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { resolveConfig } from "../../src/config/load-config.js";
import { codeFrame, withCodeFrame } from "../../src/dev/code-frame.js";
import { ContentMemo } from "../../src/dev/content-memo.js";
import { DotEnvLayer, readDotEnv } from "../../src/dev/dotenv.js";
import { globToRegExp, matchesAnyGlob } from "../../src/dev/glob.js";
import { listenOnFreePort } from "../../src/process/ports.js";
import { TaskQueue } from "../../src/dev/task-queue.js";
import ngrok from "../../src/dev/tunnel/providers/ngrok.js";
import { tunnelSettings } from "../../src/dev/tunnel/load-provider.js";
import { Handles } from "../../src/dev/handles.js";
import { startWatcher, type FileChange } from "../../src/dev/watcher.js";
import { writeWidgetOutput } from "../../src/dev/widget-output.js";
import { widgetEntries } from "../../src/host/project.js";
import { contentHash, widgetUri } from "../../src/widgets/html.js";
import { eventually } from "./dev-helpers.js";

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-dev-parts-"));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("dev's parts", () => {
  test("globs: ** spans folders (none included), * stays in one, {a,b} alternates", () => {
    const py = [globToRegExp("**/*.py")];
    assert.ok(matchesAnyGlob("main.py", py));
    assert.ok(matchesAnyGlob("server/deep/main.py", py));
    assert.ok(!matchesAnyGlob("server/main.pyc", py));
    const server = [globToRegExp("server/*.{py,toml}")];
    assert.ok(matchesAnyGlob("server/app.toml", server));
    assert.ok(!matchesAnyGlob("server/sub/app.py", server));
    assert.ok(matchesAnyGlob("server\\app.py", server), "Windows separators");
    assert.ok(!matchesAnyGlob("serverXapp.py", [globToRegExp("server.app.py")]), "dots are literal");
  });

  test("the task queue runs one task per key, and one more run for any number of asks meanwhile", async () => {
    const errors: unknown[] = [];
    const queue = new TaskQueue((error) => errors.push(error));
    let runs = 0;
    let release!: () => void;
    const first = queue.run("w", () => new Promise<void>((r) => ((release = r), (runs += 1))));
    for (let i = 0; i < 50; i++) void queue.run("w", async () => void (runs += 1));
    assert.equal(runs, 1);
    release();
    await first;
    assert.equal(runs, 2, "fifty asks during a run cost one more run");
    await queue.run("x", async () => {
      throw new Error("reported, not thrown");
    });
    assert.equal((errors[0] as Error).message, "reported, not thrown");
    await queue.idle();
  });

  test(".env: read, applied without overriding the real environment, taken back when dropped", () => {
    const dir = temp();
    writeFileSync(join(dir, ".env"), "A=from-env-file\nB=two\n");
    writeFileSync(join(dir, ".env.local"), "B=local wins\n");
    const env: NodeJS.ProcessEnv = { A: "real" };
    const layer = new DotEnvLayer(env);
    layer.apply(readDotEnv(dir));
    assert.deepEqual(env, { A: "real", B: "local wins" });
    layer.apply({});
    assert.deepEqual(env, { A: "real" });
  });

  test("the tunnel is on with a token, off (with the reason) without one or when disabled", () => {
    const config = { enabled: undefined, provider: undefined, authtoken: undefined, domain: undefined };
    assert.deepEqual(tunnelSettings({}, config, {}, ngrok), { enabled: false, reason: "no_token", asked: false });
    assert.deepEqual(tunnelSettings({ tunnel: true }, config, { NGROK_AUTHTOKEN: "  " }, ngrok), { enabled: false, reason: "no_token", asked: true });
    assert.deepEqual(tunnelSettings({}, { ...config, authtoken: "cfg", domain: "a.ngrok.app" }, {}, ngrok), { enabled: true, authtoken: "cfg", domain: "a.ngrok.app" });
    assert.deepEqual(tunnelSettings({ tunnelDomain: "b.ngrok.app" }, { ...config, authtoken: "cfg" }, { NGROK_AUTHTOKEN: "env" }, ngrok), { enabled: true, authtoken: "env", domain: "b.ngrok.app" });
    assert.deepEqual(tunnelSettings({ tunnel: false }, config, { NGROK_AUTHTOKEN: "env" }, ngrok), { enabled: false, reason: "disabled", asked: false });
    assert.equal(tunnelSettings({}, { ...config, enabled: false }, { NGROK_AUTHTOKEN: "env" }, ngrok).enabled, false);
  });

  test("handles close in the reverse order they were opened, every one even after a failure, once", async () => {
    const closed: string[] = [];
    const handles = new Handles();
    handles.add(() => void closed.push("backend"));
    handles.add(async () => {
      closed.push("tunnel");
      throw new Error("the tunnel would not close");
    });
    handles.add(() => void closed.push("watcher"));
    const first = handles.close();
    assert.equal(handles.close(), first, "a second close waits on the first");
    await assert.rejects(first, /the tunnel would not close/);
    assert.deepEqual(closed, ["watcher", "tunnel", "backend"]);
    await assert.rejects(handles.close(), /the tunnel would not close/);
    assert.equal(closed.length, 3, "nothing closes twice");
  });

  test("a code frame marks the line and column", () => {
    const dir = temp();
    writeFileSync(join(dir, "a.ts"), "one\ntwo\nthree throws here\nfour\n");
    const frame = codeFrame(dir, { file: "a.ts", line: 3, column: 7 })!;
    assert.match(frame, /> 3 │ three throws here\n +│ {7}\^/);
    assert.match(withCodeFrame(dir, "boom", { file: "a.ts", line: 3, column: 7 }), /^a\.ts:3:7: boom\n\n/);
    assert.equal(codeFrame(dir, { file: "missing.ts", line: 1, column: 1 }), undefined);
  });

  test("the content memo says changed once per content", () => {
    const file = join(temp(), "f.py");
    const memo = new ContentMemo();
    writeFileSync(file, "a");
    assert.equal(memo.changed(file), true);
    assert.equal(memo.changed(file), false);
    writeFileSync(file, "b");
    assert.equal(memo.changed(file), true);
    rmSync(file);
    assert.equal(memo.changed(file), true, "deleted is a change");
  });

  test("a taken port moves to the next one; strict fails with port_in_use", async () => {
    const blocker = createServer();
    const taken = await new Promise<number>((r) => blocker.listen(0, "127.0.0.1", () => r((blocker.address() as { port: number }).port)));
    const tryListen = (port: number) =>
      new Promise<number>((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => server.close(() => resolve(port)));
      });
    try {
      const moved = await listenOnFreePort(taken, false, tryListen);
      assert.ok(moved.port > taken);
      await assert.rejects(listenOnFreePort(taken, true, tryListen), (e: { code?: string; hint?: string }) => e.code === "port_in_use" && Boolean(e.hint));
    } finally {
      blocker.close();
    }
  });

  test("the watcher reports each save, the last of rapid ones included, and waits out an emptied file", async () => {
    const dir = temp();
    const file = join(dir, "a.ts");
    writeFileSync(file, "v0");
    const changes: FileChange[] = [];
    const seen: string[] = [];
    const watcher = await startWatcher({
      root: dir,
      ignored: () => false,
      onChange: (change) => {
        changes.push(change);
        if (change.path === file) seen.push(readFileSync(file, "utf8"));
      },
    });
    try {
      for (let i = 1; i <= 30; i++) writeFileSync(file, `v${i}`);
      await eventually(async () => seen.at(-1), (last) => last === "v30", 5000);
      // A truncate alone is not reported at once; the write after it is what is built.
      const before = seen.length;
      truncateSync(file, 0);
      await new Promise((r) => setTimeout(r, 5));
      writeFileSync(file, "after truncate");
      await eventually(async () => seen.at(-1), (last) => last === "after truncate", 5000);
      assert.ok(!seen.slice(before).includes(""), `no empty read: ${JSON.stringify(seen.slice(before))}`);
      writeFileSync(join(dir, "new.ts"), "x");
      await eventually(async () => changes.some((c) => c.kind === "add" && c.path === join(dir, "new.ts")), (v) => v, 5000);
    } finally {
      await watcher.close();
    }
  });

  test("widget output for a server in another language: HTML files and a manifest like build's", () => {
    const root = temp();
    const config = resolveConfig(root, undefined, { server: { command: "python app.py" } });
    const html = "<!doctype html><p>hi</p>";
    const hash = contentHash(html);
    const entries = widgetEntries(config, [{ name: "card", entry: "", html, hash, uri: widgetUri("card", hash), bytes: html.length, inputs: [] }]);
    writeWidgetOutput(config, entries);
    writeFileSync(join(config.outDir, "widgets", "gone.html"), "old");
    writeWidgetOutput(config, entries);
    assert.equal(readFileSync(join(config.outDir, "widgets", "card.html"), "utf8"), html);
    assert.throws(() => readFileSync(join(config.outDir, "widgets", "gone.html")), "a removed widget's file is removed");
    const manifest = JSON.parse(readFileSync(join(config.outDir, "manifest.json"), "utf8"));
    assert.equal(manifest.manifestVersion, 1);
    assert.equal(manifest.server, null);
    assert.deepEqual(manifest.widgets.map((w: { name: string; uri: string; file: string }) => [w.name, w.uri, w.file]), [["card", widgetUri("card", hash), "widgets/card.html"]]);
    assert.equal(manifest.widgets[0].mimeType, "text/html;profile=mcp-app");
  });
});
