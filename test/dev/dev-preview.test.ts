import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, test } from "node:test";
import { tempProject, type TempProject } from "../helpers/project.js";
import { startDev, type DevProcess } from "./dev-helpers.js";

function getStatus(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

describe("dev's preview URL and its event stream", () => {
  let project: TempProject;
  let dev: DevProcess;
  after(() => {
    dev?.kill("SIGKILL");
    project?.remove();
  });

  // The page itself (src/preview) has its own tests; here, what dev owes it: the page on the
  // preview URL behind the Host check, and dev's rebuild events on its stream.
  test("GET / serves the page; the event stream sends widget-rebuilt on a save", async () => {
    project = tempProject("dev-app");
    dev = startDev(project.dir, ["--no-tunnel", "--port", "0"]);
    const ready = await dev.ready;
    assert.equal(ready.previewUrl, `${ready.url}/`);

    const page = await fetch(String(ready.previewUrl));
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await page.text(), /<!doctype html>/i);
    assert.equal(await getStatus(String(ready.previewUrl), "attacker.example"), 403, "the Host check covers the preview too");

    const stream = await fetch(`${ready.url}/__chatgpt-app/events`, { headers: { accept: "text/event-stream" } });
    assert.equal(stream.status, 200);
    const reader = stream.body!.getReader();
    let received = "";
    const decoder = new TextDecoder();
    project.write("widgets/board/label.ts", 'export const LABEL = "seen by the preview";\n');
    const deadline = Date.now() + 20_000;
    const rebuilt = () =>
      [...received.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { type: string; name: string; uri: string }).find((e) => e.type === "widget-rebuilt");
    while (!rebuilt() && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    const data = rebuilt()!;
    assert.ok(data, received);
    assert.equal(data.name, "board");
    assert.match(data.uri, /^ui:\/\/widget\/board-[0-9a-f]{12}\.html$/);
    await reader.cancel();

    // Open streams do not hold up the shutdown.
    assert.equal(await dev.stop(), 0);
  });
});
