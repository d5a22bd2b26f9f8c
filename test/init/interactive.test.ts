import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, before, describe, test } from "node:test";
import { createClackPrompter } from "../../src/scaffold/clack-prompter.js";
import { fakePackageManager, runInitInProcess, sink, tempDir, type InitRun } from "./harness.js";

const KEY = { enter: "\r", down: "\x1b[B", right: "\x1b[C", ctrlC: "\x03" };

/**
 * Drives the real @clack/prompts through its input and output streams, as a person at a
 * terminal would: wait for a question to show, then type the keys.
 */
function session(cwd: string, env: NodeJS.ProcessEnv = { PATH: process.env.PATH }) {
  const input = new PassThrough();
  const screen = sink();
  let seen = 0;
  const ask = async (question: RegExp, ...keys: string[]) => {
    const deadline = Date.now() + 10_000;
    while (!question.test(screen.text().slice(seen))) {
      if (Date.now() > deadline) throw new Error(`The prompt ${question} never showed. Screen:\n${screen.text()}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    seen = screen.text().length;
    for (const key of keys) {
      input.write(key);
      // Let the prompt redraw between keys, as it would between keystrokes.
      await new Promise((r) => setTimeout(r, 30));
    }
  };
  const run = (dir: string | undefined, options = {}): Promise<InitRun> =>
    runInitInProcess(dir, options, { cwd, env, stdin: input, stderr: screen.stream, prompter: createClackPrompter({ input, output: screen.stream }) });
  return { ask, run, screen };
}

describe("init, interactive", () => {
  let cwd: ReturnType<typeof tempDir>;
  before(() => {
    cwd = tempDir();
  });
  const pnpm = fakePackageManager("pnpm", 0);
  const yarn = fakePackageManager("yarn", 0);
  after(() => {
    cwd.remove();
    pnpm.remove();
    yarn.remove();
  });

  test("asks name, template, package manager, install and git, and creates what was chosen", async () => {
    const s = session(cwd.dir, { PATH: `${pnpm.binDir}:${yarn.binDir}:${process.env.PATH}` });
    const done = s.run(undefined);
    await s.ask(/Project name/, ..."my-dice", KEY.enter);
    await s.ask(/Template/, KEY.down, KEY.enter); // react → vanilla
    await s.ask(/MCP SDK[\s\S]*@modelcontextprotocol\/server 2\.x[\s\S]*@modelcontextprotocol\/sdk 1\.x/, KEY.down, KEY.enter); // 2 → 1
    await s.ask(/Sign-in/, KEY.enter); // none
    await s.ask(/Package manager/, KEY.down, KEY.down, KEY.enter); // npm → pnpm → yarn
    await s.ask(/Install dependencies now \(yarn\)\?/, KEY.right, KEY.enter); // No
    await s.ask(/Initialise a git repository\?/, KEY.right, KEY.enter); // No
    const r = await done;
    assert.equal(r.code, 0, s.screen.text());
    const dir = join(cwd.dir, "my-dice");
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    assert.equal(pkg.name, "my-dice");
    assert.ok(pkg.dependencies["@modelcontextprotocol/sdk"] && !pkg.dependencies["@modelcontextprotocol/server"], "the v1 line was chosen");
    assert.ok(existsSync(join(dir, "widgets", "dice", "index.ts")), "vanilla was chosen");
    assert.ok(!existsSync(join(dir, ".git")) && !existsSync(join(dir, "node_modules")));
    assert.match(readFileSync(join(dir, ".github", "workflows", "ci.yml"), "utf8"), /corepack enable[\s\S]*- run: yarn\n/);
    assert.equal(r.stdout, "\nNext steps:\n  cd my-dice\n  yarn\n  yarn dev\n\nThen connect the HTTPS URL that dev prints in ChatGPT; README.md walks you through it.\n");
  });

  test("the sign-in question: OAuth adds the account tools, .env keys and the guide", async () => {
    const s = session(cwd.dir);
    const done = s.run("with-oauth", { template: "react", sdk: "2", pm: "npm", install: false, git: false });
    await s.ask(/Sign-in/, KEY.down, KEY.enter); // none → OAuth
    const r = await done;
    assert.equal(r.code, 0, s.screen.text());
    const dir = join(cwd.dir, "with-oauth");
    assert.match(readFileSync(join(dir, "server", "account.ts"), "utf8"), /oauth2/);
    assert.match(readFileSync(join(dir, ".env.example"), "utf8"), /^AUTH_ISSUER=$/m);
    assert.ok(existsSync(join(dir, "AUTH.md")));
  });

  test("the package manager question offers only the managers that are installed", async () => {
    const npm = fakePackageManager("npm", 0);
    try {
      // Hermetic: on this PATH are npm and pnpm, and no yarn or bun.
      const s = session(cwd.dir, { PATH: `${npm.binDir}:${pnpm.binDir}`, npm_config_user_agent: "yarn/4.5.0 npm/? node/v20.19.0 linux x64" });
      const done = s.run("offered", { template: "vanilla", sdk: "2", auth: "none" });
      await s.ask(/Package manager/);
      await new Promise((r) => setTimeout(r, 100));
      const question = s.screen.text().slice(s.screen.text().lastIndexOf("Package manager"));
      assert.match(question, /npm/);
      assert.match(question, /pnpm/);
      assert.doesNotMatch(question, /yarn|bun/, "a manager that is not installed is not offered, even the one that launched init");
      await s.ask(/.*/, KEY.down, KEY.enter); // npm → pnpm
      await s.ask(/Install dependencies now \(pnpm\)\?/, KEY.right, KEY.enter);
      await s.ask(/Initialise a git repository\?/, KEY.right, KEY.enter);
      const r = await done;
      assert.equal(r.code, 0, s.screen.text());
      assert.match(r.stdout, /pnpm install\n  pnpm dev/);
    } finally {
      npm.remove();
    }
  });

  test("the python template asks for its mcp line: 1.x writes FastMCP and its requirements, 2.x MCPServer", async () => {
    for (const [line, keys, server, pin] of [
      ["1", [KEY.down, KEY.enter], /from mcp\.server\.fastmcp import FastMCP/, /^mcp>=1\.\d+,<2$/m],
      ["2", [KEY.enter], /from mcp\.server\.mcpserver import Context, MCPServer/, /^mcp>=2,<3$/m],
    ] as const) {
      const s = session(cwd.dir);
      const done = s.run(`py-line-${line}`, { template: "python", auth: "none", pm: "npm", install: false, git: false });
      await s.ask(/MCP SDK[\s\S]*mcp 2\.x[\s\S]*MCPServer with the Apps extension[\s\S]*mcp 1\.x/, ...keys);
      const r = await done;
      assert.equal(r.code, 0, s.screen.text());
      const dir = join(cwd.dir, `py-line-${line}`);
      assert.match(readFileSync(join(dir, "server", "app_server.py"), "utf8"), server);
      assert.match(readFileSync(join(dir, "requirements.txt"), "utf8"), pin);
    }
  });

  test("flags answer their questions; a directory name that is no package name asks for one", async () => {
    const s = session(cwd.dir);
    const done = s.run("Dice Night", { template: "python", sdk: "2", auth: "none", pm: "npm", install: false, git: false });
    await s.ask(/Package name \("Dice Night" is not a valid npm package name\)/, ..."Bad Name", KEY.enter);
    await s.ask(/name can no longer contain capital letters|name can only contain URL-friendly characters/);
    // The invalid answer is refused in place; clear it and give a valid one.
    await s.ask(/.*/, ..."\x7f".repeat(8), ..."dice-night", KEY.enter);
    const r = await done;
    assert.equal(r.code, 0, s.screen.text());
    assert.doesNotMatch(s.screen.text(), /Template|Sign-in|Package manager|Install dependencies|git repository/, "no question a flag answered");
    assert.equal(JSON.parse(readFileSync(join(cwd.dir, "Dice Night", "package.json"), "utf8")).name, "dice-night");
    assert.ok(existsSync(join(cwd.dir, "Dice Night", "server", "main.py")));
  });

  test("a non-empty directory is refused at the prompt, and another one accepted", async () => {
    mkdirSync(join(cwd.dir, "taken"));
    writeFileSync(join(cwd.dir, "taken", "mine.txt"), "keep me");
    const s = session(cwd.dir);
    const done = s.run(undefined, { template: "vanilla", sdk: "2", auth: "none", pm: "npm", install: false, git: false });
    await s.ask(/Project name/, ..."taken", KEY.enter);
    await s.ask(/taken is not empty \(mine\.txt\)/, ..."\x7f".repeat(5), ..."free", KEY.enter);
    const r = await done;
    assert.equal(r.code, 0, s.screen.text());
    assert.deepEqual(readdirSync(join(cwd.dir, "taken")), ["mine.txt"]);
    assert.ok(existsSync(join(cwd.dir, "free", "package.json")));
  });

  type Session = ReturnType<typeof session>;
  const cancelAt: Array<[string, (s: Session) => Promise<void>]> = [
    ["the first question", (s) => s.ask(/Project name/, KEY.ctrlC)],
    [
      "the template question",
      async (s) => {
        await s.ask(/Project name/, ..."cancelled-app", KEY.enter);
        await s.ask(/Template/, KEY.ctrlC);
      },
    ],
    [
      "the last question",
      async (s) => {
        await s.ask(/Project name/, ..."cancelled-app", KEY.enter);
        await s.ask(/Template/, KEY.enter);
        await s.ask(/MCP SDK/, KEY.enter);
        await s.ask(/Sign-in/, KEY.enter);
        await s.ask(/Package manager/, KEY.enter);
        await s.ask(/Install dependencies/, KEY.enter);
        await s.ask(/Initialise a git repository/, KEY.ctrlC);
      },
    ],
  ];
  for (const [at, answer] of cancelAt) {
    test(`Ctrl-C at ${at} exits 130 and writes nothing`, async () => {
      const before = readdirSync(cwd.dir).sort();
      const s = session(cwd.dir);
      const done = s.run(undefined);
      await answer(s);
      const r = await done;
      assert.equal(r.code, 130, s.screen.text());
      assert.match(r.stderr, /Cancelled: nothing was written\./);
      assert.equal(r.stdout, "");
      assert.deepEqual(readdirSync(cwd.dir).sort(), before, "no file or folder appeared");
    });
  }
});
