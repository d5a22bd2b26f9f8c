import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { createTestClient } from "../../src/host/testing.js";
import { runBin, runCli, spawnCli, type Spawned } from "../helpers/cli.js";
import { connect } from "../helpers/mcp.js";
import { tempProject, type TempProject } from "../helpers/project.js";

const SECRET = "sk-start-secret-0123456789";
const SHAPE = "inputSchema: { city: z.string(), apiKey: z.string().optional() }";

/** The tool-errors fixture, its input schema replaced. */
function projectWithSchema(schema: string): TempProject {
  const project = tempProject("tool-errors");
  const source = readFileSync(join(project.dir, "server", "index.ts"), "utf8");
  project.write("server/index.ts", source.replace(SHAPE, `inputSchema: ${schema}`));
  return project;
}

describe("start: a tool handler's error is logged as one line, without the arguments", () => {
  let project: TempProject;
  let start: Spawned | undefined;

  before(async () => {
    // A schema chosen at run time, so that one build can also be started with a broken one.
    project = projectWithSchema(`process.env.SCHEMA_AS_STRING ? (z.string() as never) : { city: z.string(), apiKey: z.string().optional() }`);
    const built = await runCli(["build"], { cwd: project.dir });
    assert.equal(built.code, 0, built.stderr);
  });

  after(async () => {
    start?.kill("SIGKILL");
    await start?.exited;
    project?.remove();
  });

  test("the client gets isError; stderr gets the tool, the error and a stack in the user's files", async () => {
    start = spawnCli(["start"], { cwd: project.dir, env: { PORT: "0" } });
    const [url] = await start.waitForStdout(/http:\/\/\S+\/mcp/);
    const connection = await connect(url);
    try {
      const result = await connection.client.callTool({ name: "get_forecast", arguments: { city: "Atlantis", apiKey: SECRET } });
      assert.equal(result.isError, true);
      assert.deepEqual(result.content, [{ type: "text", text: "no weather station in Atlantis" }]);
    } finally {
      await connection.close();
    }
    const [line] = await start.waitForStderr(/.*Tool get_forecast threw.*\n/);
    assert.match(line, /^✖ Tool get_forecast threw Error: no weather station in Atlantis at forecastFor \(server\/weather\.ts:2:\d+\) \| at .*\(server\/index\.ts:18:\d+\)\n$/);
    assert.doesNotMatch(start.stderr() + start.stdout(), new RegExp(SECRET));
  });

  test("a schema the SDK cannot advertise stops start at load, naming the tool", async () => {
    const r = await runBin(["start"], { cwd: project.dir, env: { PORT: "0", SCHEMA_AS_STRING: "1" }, timeoutMs: 30_000 });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /Tool "get_forecast": inputSchema must be an object schema.*it is a string schema/);
    assert.doesNotMatch(r.stdout, /\/mcp/, "nothing served");
  });
});

describe("build, lint and chatgpt-app/testing refuse a schema the SDK cannot advertise", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["z.date()", "{ city: z.string(), at: z.date() }", /Tool "get_forecast": inputSchema field "at" \(pointer \/inputSchema\/properties\/at\).*Date cannot be represented/],
    ["z.string()", "z.string() as never", /Tool "get_forecast": inputSchema must be an object schema.*string schema.*pointer \/inputSchema\b/],
  ];
  for (const [name, schema, expected] of cases) {
    test(`inputSchema with ${name}`, async () => {
      const project = projectWithSchema(schema);
      try {
        for (const command of ["build", "lint"]) {
          const r = await runCli([command], { cwd: project.dir });
          assert.notEqual(r.code, 0, `${command} fails`);
          assert.match(r.stderr, expected, `${command}: ${r.stderr}`);
        }
        await assert.rejects(createTestClient({ root: project.dir }), (error: Error) => expected.test(error.message));
      } finally {
        project.remove();
      }
    });
  }
});
