import assert from "node:assert/strict";
import { request } from "node:http";
import { after, before, describe, test } from "node:test";
import type { DoctorReport } from "../../src/doctor/doctor.js";
import { listingProblems } from "../../src/doctor/submission.js";
import { runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { tempProject, type TempProject } from "../helpers/project.js";

function get(url: string, host: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      let text = "";
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    })
      .on("error", reject)
      .end();
  });
}

describe("doctor --submission against chatgpt-app start", () => {
  let project: TempProject;
  const starts: Spawned[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const spawned = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0", ...env } });
    starts.push(spawned);
    const [url] = await spawned.waitForStdout(/http:\/\/127\.0\.0\.1:\d+/);
    return url;
  };

  before(async () => {
    project = tempProject("lint/clean", {
      "chatgpt-app.config.json": JSON.stringify({ widgets: { domain: "https://pizza.example.com" }, openaiAppsChallenge: "token-from-config" }),
      "listing.json": JSON.stringify({ name: "Pizza", subtitle: "Order pizza", description: "Find and order pizza.", starterPrompts: ["Find a pizza place near me"] }),
      "long-listing.json": JSON.stringify({ name: "Pizza Pizza Pizza Pizza Pizza Pizza", subtitle: "Order", description: "Pizza.", starterPrompts: ["a", "b", "c", "ask @someone"] }),
    });
    const built = await runCli(["build"], { cwd: project.dir });
    assert.equal(built.code, 0, built.stderr);
  });

  after(async () => {
    for (const s of starts) {
      s.kill();
      await s.exited;
    }
    project?.remove();
  });

  test("start serves the challenge from the config, OPENAI_APPS_CHALLENGE wins, and any Host reaches it", async () => {
    const fromConfig = await start();
    assert.deepEqual(await get(`${fromConfig}/.well-known/openai-apps-challenge`, "my-app.example.com"), { status: 200, text: "token-from-config" });
    const fromEnv = await start({ OPENAI_APPS_CHALLENGE: "token-from-env" });
    assert.deepEqual(await get(`${fromEnv}/.well-known/openai-apps-challenge`, "127.0.0.1"), { status: 200, text: "token-from-env" });
    // Everything else keeps the Host check.
    assert.equal((await get(`${fromEnv}/mcp`, "my-app.example.com")).status, 403);
  });

  test("--submission: the challenge answers, the listing fits, lint runs its submission preset", async () => {
    const url = await start();
    const result = await runCli(["doctor", `${url}/mcp`, "--submission", "--listing", "listing.json", "--format", "json", "--slow-ms", "10000"], { cwd: project.dir });
    const report = JSON.parse(result.stdout) as DoctorReport;
    const status = (id: string) => report.checks.find((c) => c.id === id)!;
    assert.equal(status("submission-challenge").status, "pass", status("submission-challenge").cause);
    assert.equal(status("submission-listing").status, "pass", status("submission-listing").cause);
    assert.match(status("lint").cause ?? "", /preset submission/);
  });

  test("a listing over the limits and a server without the challenge fail, naming each field", async () => {
    project.write("chatgpt-app.config.json", JSON.stringify({ widgets: { domain: "https://pizza.example.com" } }));
    const rebuilt = await runCli(["build"], { cwd: project.dir });
    assert.equal(rebuilt.code, 0, rebuilt.stderr);
    const bare = await start();
    const result = await runCli(["doctor", `${bare}/mcp`, "--submission", "--listing", "long-listing.json", "--slow-ms", "10000"], { cwd: project.dir });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /✖ fail {2}submission-challenge/);
    assert.match(result.stdout, /\/\.well-known\/openai-apps-challenge answered HTTP 404/);
    assert.match(result.stdout, /name has 35 characters \(at most 30\)/);
    assert.match(result.stdout, /4 starter prompts \(at most 3\)/);
    assert.match(result.stdout, /starter prompt 4 has an @mention/);
  });

  test("the listing limits, field by field", () => {
    assert.deepEqual(listingProblems({ name: "A", subtitle: "B", description: "C", starterPrompts: [] }), []);
    assert.deepEqual(listingProblems({ subtitle: "x".repeat(31), description: "d".repeat(4001), starterPrompts: ["p".repeat(129)] }), [
      "name is missing",
      "subtitle has 31 characters (at most 30)",
      "description has 4001 characters (at most 4000)",
      "starter prompt 1 has 129 characters (at most 128)",
    ]);
  });
});
