import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { templateFiles, TEMPLATES } from "../../src/scaffold/templates.js";
import { fakePackageManager, runInitInProcess, tempDir } from "./harness.js";

/** Every fenced code block of a Markdown text, as its lines. */
function codeBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!.replace(/\n$/, "").split("\n"));
}

const ENV_STEP = "cp .env.example .env      # then paste your ngrok authtoken into it";
const VENV = ["python3 -m venv .venv", ".venv/bin/python -m pip install -r requirements.txt"];

/** What a user types, block by block, for a manager that installs with `install` and runs scripts with `run <script>`. */
function expectedBlocks(template: string, install: string, run: (script: string) => string): string[][] {
  if (template === "python") {
    return [
      [install, ...VENV, ENV_STEP],
      [run("dev")],
      [install, ...VENV, run("build"), `HOST=0.0.0.0 PORT=10000 BASE_URL=https://your-app.example.com ${run("start")}`],
    ];
  }
  return [
    [install, ENV_STEP, run("dev")],
    [install, run("build"), `PORT=10000 HOST=0.0.0.0 BASE_URL=https://your-app.example.com ${run("start")}`],
  ];
}

const MANAGERS = [
  { pm: "npm", install: "npm install", run: (script: string) => `npm run ${script}` },
  { pm: "pnpm", install: "pnpm install", run: (script: string) => `pnpm ${script}` },
  { pm: "yarn", install: "yarn", run: (script: string) => `yarn ${script}` },
];

describe("the generated README of every template", () => {
  const cwd = tempDir();
  // The managers only need to be on PATH: nothing is installed.
  const fakes = MANAGERS.map((m) => fakePackageManager(m.pm, 0));
  const PATH = [...fakes.map((f) => f.binDir), process.env.PATH].join(":");
  after(() => {
    for (const fake of fakes) fake.remove();
    cwd.remove();
  });

  for (const { name: template } of TEMPLATES) {
    for (const { pm, install, run } of MANAGERS) {
      test(`${template} with ${pm}: every code block is the commands to type, one a line`, async () => {
        const dir = `${template}-${pm}`;
        const r = await runInitInProcess(dir, { yes: true, install: false, git: false, template, pm }, { cwd: cwd.dir, env: { PATH } });
        assert.equal(r.code, 0, r.stderr);
        const readme = readFileSync(join(cwd.dir, dir, "README.md"), "utf8");
        assert.ok(readme.startsWith(`# ${dir}\n\n`), "the title is the project's name");
        assert.deepEqual(codeBlocks(readme), expectedBlocks(template, install, run));
        assert.match(readme, new RegExp(`\`${run("lint")}\``), "inline commands are filled too");
        for (const file of templateFiles(template)) {
          if (/\.(png|ico|woff2?)$/.test(file.path)) continue;
          assert.doesNotMatch(readFileSync(join(cwd.dir, dir, file.path), "utf8"), /%%[A-Z_]+%%/, `${file.path}: no token left`);
        }
      });
    }
  }
});
