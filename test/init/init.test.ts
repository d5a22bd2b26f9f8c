import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { detectPackageManager, runScriptCommand } from "../../src/scaffold/package-manager.js";
import { personalize } from "../../src/scaffold/personalize.js";
import { packageNameProblems, resolveTargetDir, toPackageName } from "../../src/scaffold/names.js";
import { templateFiles, TEMPLATES } from "../../src/scaffold/templates.js";
import { runBin } from "../helpers/cli.js";
import { fakePackageManager, listFiles, runInitInProcess, tempDir } from "./harness.js";

describe("init without prompts (--yes, CI, no terminal)", () => {
  let cwd: ReturnType<typeof tempDir>;
  before(() => {
    cwd = tempDir();
  });
  after(() => cwd.remove());

  test("--yes takes the defaults: react, the directory's name, next steps on stdout", async () => {
    const r = await runInitInProcess("first-app", { yes: true, install: false, git: false }, { cwd: cwd.dir });
    assert.equal(r.code, 0, r.stderr);
    const pkg = JSON.parse(readFileSync(join(cwd.dir, "first-app", "package.json"), "utf8"));
    assert.equal(pkg.name, "first-app");
    assert.ok(existsSync(join(cwd.dir, "first-app", "widgets", "dice", "index.tsx")), "the react template");
    assert.equal(r.stdout, "\nNext steps:\n  cd first-app\n  npm install\n  npm run dev\n\nThen connect the HTTPS URL that dev prints in ChatGPT; README.md walks you through it.\n");
    assert.equal(r.stderr, "✔ Created first-app in ./first-app (template: react, 14 files)\n");
  });

  test("--json prints what was made; --name sets the package name", async () => {
    const r = await runInitInProcess("json-app", { yes: true, install: false, git: false, json: true, name: "@acme/dice", template: "vanilla", pm: "pnpm" }, { cwd: cwd.dir });
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.name, "@acme/dice");
    assert.equal(result.template, "vanilla");
    assert.deepEqual(result.nextSteps, ["cd json-app", "pnpm install", "pnpm dev"]);
    assert.deepEqual(result.files, templateFiles("vanilla").map((f) => f.path));
    const dir = join(cwd.dir, "json-app");
    assert.equal(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name, "@acme/dice");
    const workflow = readFileSync(join(dir, ".github", "workflows", "ci.yml"), "utf8");
    assert.match(workflow, /pnpm\/action-setup@v4/);
    assert.match(workflow, /- run: pnpm install\n/);
    assert.match(workflow, /pnpm exec chatgpt-app lint --format sarif/);
    assert.match(readFileSync(join(dir, "chatgpt-app.config.ts"), "utf8"), /https:\/\/dice\.example\.com/);
  });

  test("unknown template or package manager: exit 2 listing the choices, nothing written", async () => {
    const t = await runInitInProcess("bad-template", { yes: true, template: "svelte" }, { cwd: cwd.dir });
    assert.equal(t.code, 2);
    assert.match(t.stderr, /Unknown template "svelte"/);
    assert.match(t.stderr, /react .*vanilla .*python/);
    const p = await runInitInProcess("bad-pm", { yes: true, pm: "pip" }, { cwd: cwd.dir });
    assert.equal(p.code, 2);
    assert.match(p.stderr, /npm, pnpm, yarn, bun/);
    assert.ok(!existsSync(join(cwd.dir, "bad-template")) && !existsSync(join(cwd.dir, "bad-pm")));
  });

  test("an unknown --sdk line: exit 2 naming both lines, nothing written", async () => {
    const r = await runInitInProcess("bad-sdk", { yes: true, sdk: "3" }, { cwd: cwd.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown SDK line "3"/);
    assert.match(r.stderr, /2 \(the stable MCP SDK line, the default\) or 1/);
    assert.ok(!existsSync(join(cwd.dir, "bad-sdk")));
  });

  test("an invalid package name is refused with a valid suggestion", async () => {
    const r = await runInitInProcess("named", { yes: true, name: "My App!" }, { cwd: cwd.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"My App!" is not a valid npm package name/);
    assert.match(r.stderr, /--name my-app/);
    assert.equal(r.stdout, "");
    assert.ok(!existsSync(join(cwd.dir, "named")));
  });

  test("a directory name that is not a package name gives a valid default name", async () => {
    const r = await runInitInProcess("My Dice App", { yes: true, install: false, git: false }, { cwd: cwd.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(readFileSync(join(cwd.dir, "My Dice App", "package.json"), "utf8")).name, "my-dice-app");
    assert.match(r.stdout, /cd 'My Dice App'/);
  });

  test("a relative path outside the current directory is refused; an absolute one is taken", async () => {
    const r = await runInitInProcess("../escape", { yes: true }, { cwd: cwd.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /outside the current directory/);
    const target = join(cwd.dir, "abs", "deep");
    const a = await runInitInProcess(target, { yes: true, install: false, git: false, template: "vanilla" }, { cwd: join(cwd.dir, "..") });
    assert.equal(a.code, 0, a.stderr);
    assert.ok(existsSync(join(target, "server", "index.ts")));
  });

  test("a non-empty directory is refused without --force, listing what is there", async () => {
    const dir = join(cwd.dir, "occupied");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = await runInitInProcess("occupied", { yes: true }, { cwd: cwd.dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /occupied is not empty \(notes\.txt\)/);
    assert.match(r.stderr, /--force/);
    assert.deepEqual(listFiles(dir), ["notes.txt"]);
  });

  test("--force writes only the template's files: it lists what it overwrites and deletes nothing", async () => {
    const dir = join(cwd.dir, "forced");
    mkdirSync(join(dir, "server"), { recursive: true });
    writeFileSync(join(dir, "README.md"), "my old readme");
    writeFileSync(join(dir, "server", "keep.ts"), "export const mine = 1;\n");
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = await runInitInProcess("forced", { yes: true, force: true, install: false, git: false, template: "vanilla" }, { cwd: cwd.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /overwriting 1 existing file\(s\), deleting none:\n\s+README\.md\n/);
    assert.equal(readFileSync(join(dir, "notes.txt"), "utf8"), "mine");
    assert.equal(readFileSync(join(dir, "server", "keep.ts"), "utf8"), "export const mine = 1;\n");
    assert.match(readFileSync(join(dir, "README.md"), "utf8"), /^# forced/);
    assert.deepEqual(listFiles(dir), [...templateFiles("vanilla").map((f) => f.path), "notes.txt", "server/keep.ts"].sort());
  });

  test("a failure while copying removes only what init created and restores what it overwrote", async () => {
    const dir = join(cwd.dir, "half");
    mkdirSync(dir);
    writeFileSync(join(dir, "package.json"), '{ "name": "mine" }\n');
    writeFileSync(join(dir, "notes.txt"), "mine");
    let writes = 0;
    const r = await runInitInProcess(
      "half",
      { yes: true, force: true, install: false, git: false },
      {
        cwd: cwd.dir,
        hooks: {
          writeFile: (path, data) => {
            if (++writes === 9) throw new Error("ENOSPC: no space left on device");
            writeFileSync(path, data);
          },
        },
      },
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Could not write the project: ENOSPC/);
    assert.deepEqual(listFiles(dir), ["notes.txt", "package.json"]);
    assert.equal(readFileSync(join(dir, "package.json"), "utf8"), '{ "name": "mine" }\n');
    const fresh = await runInitInProcess(
      "fresh",
      { yes: true, install: false, git: false },
      { cwd: cwd.dir, hooks: { writeFile: () => { throw new Error("EIO: i/o error"); } } },
    );
    assert.equal(fresh.code, 2);
    assert.ok(!existsSync(join(cwd.dir, "fresh")), "the directory init made is gone too");
  });

  test("a failed install leaves the project in place, shows the installer's last lines and how to retry", async () => {
    const pm = fakePackageManager("npm", 1);
    try {
      const r = await runInitInProcess("installs", { yes: true, git: false, template: "vanilla" }, { cwd: cwd.dir, env: { PATH: `${pm.binDir}:${process.env.PATH}` } });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /Installing dependencies with npm…/);
      assert.match(r.stderr, /npm install failed; the project is in place at \.\/installs\./);
      assert.match(r.stderr, /npm error 404 Not Found/);
      assert.match(r.stderr, /resolving package 60/);
      assert.doesNotMatch(r.stderr, /resolving package 10\n/, "only the tail");
      assert.match(r.stderr, /retry with: cd installs && npm install/);
      assert.ok(existsSync(join(cwd.dir, "installs", "server", "index.ts")));
    } finally {
      pm.remove();
    }
  });

  test("the package manager chosen installs, and the next steps then skip the install", async () => {
    const pm = fakePackageManager("pnpm", 0);
    try {
      const r = await runInitInProcess("installed", { yes: true, git: false, template: "vanilla", json: true }, {
        cwd: cwd.dir,
        env: { PATH: `${pm.binDir}:${process.env.PATH}`, npm_config_user_agent: "pnpm/9.12.0 npm/? node/v20.19.0 linux x64" },
      });
      assert.equal(r.code, 0, r.stderr);
      const result = JSON.parse(r.stdout);
      assert.equal(result.packageManager, "pnpm", "the one that launched init");
      assert.equal(result.installed, true);
      assert.deepEqual(result.nextSteps, ["cd installed", "pnpm dev"]);
      assert.match(r.stderr, /Installing dependencies with pnpm…\n✔ Installed dependencies/);
    } finally {
      pm.remove();
    }
  });

  test("a package manager that is not installed is refused before anything is written", async () => {
    const npm = fakePackageManager("npm", 0);
    try {
      const env = { PATH: npm.binDir };
      const r = await runInitInProcess("no-pnpm", { yes: true, git: false, pm: "pnpm" }, { cwd: cwd.dir, env });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /✖ pnpm is not installed \(it is not on PATH\)/);
      assert.match(r.stderr, /hint: Install pnpm \(corepack enable pnpm, or npm install -g pnpm\), choose one that is installed \(--pm npm\), or pass --no-install/);
      assert.doesNotMatch(r.stderr, /ENOENT|Created/);
      assert.ok(!existsSync(join(cwd.dir, "no-pnpm")), "nothing was written");
      // The manager that launched init counts the same way.
      const launched = await runInitInProcess("no-pnpm", { yes: true, git: false }, { cwd: cwd.dir, env: { ...env, npm_config_user_agent: "pnpm/9.12.0 npm/? node/v20.19.0 linux x64" } });
      assert.equal(launched.code, 2);
      assert.match(launched.stderr, /pnpm is not installed/);
      assert.ok(!existsSync(join(cwd.dir, "no-pnpm")));
      // Without the install, pnpm is only named in the next steps.
      const later = await runInitInProcess("no-pnpm", { yes: true, git: false, pm: "pnpm", install: false, json: true }, { cwd: cwd.dir, env });
      assert.equal(later.code, 0, later.stderr);
      assert.deepEqual(JSON.parse(later.stdout).nextSteps, ["cd no-pnpm", "pnpm install", "pnpm dev"]);
    } finally {
      npm.remove();
    }
  });

  test("the python template's retry hint holds every install step left, the venv included", async () => {
    const failingNpm = fakePackageManager("npm", 1);
    const npm = fakePackageManager("npm", 0);
    const python = tempDir("chatgpt-app-fake-python-");
    // Creates a .venv whose python fails to install anything, as pip does offline.
    writeFileSync(
      join(python.dir, "python3"),
      '#!/bin/sh\nif [ "$1" = "-m" ] && [ "$2" = "venv" ]; then mkdir -p "$3/bin"; printf \'#!/bin/sh\\necho "ERROR: No matching distribution found for fastapi" >&2\\nexit 1\\n\' > "$3/bin/python"; chmod +x "$3/bin/python"; exit 0; fi\nexit 1\n',
    );
    chmodSync(join(python.dir, "python3"), 0o755);
    try {
      const pip = await runInitInProcess("py-pip", { yes: true, git: false, template: "python" }, { cwd: cwd.dir, env: { PATH: `${npm.binDir}:${python.dir}:${process.env.PATH}` } });
      assert.equal(pip.code, 2);
      assert.match(pip.stderr, /No matching distribution found for fastapi/);
      assert.match(pip.stderr, /retry with: cd py-pip && python3 -m venv \.venv && \.venv\/bin\/python -m pip install -r requirements\.txt\n/);
      const js = await runInitInProcess("py-npm", { yes: true, git: false, template: "python" }, { cwd: cwd.dir, env: { PATH: `${failingNpm.binDir}:${python.dir}:${process.env.PATH}` } });
      assert.equal(js.code, 2);
      assert.match(js.stderr, /retry with: cd py-npm && npm install && python3 -m venv \.venv && \.venv\/bin\/python -m pip install -r requirements\.txt\n/);
    } finally {
      failingNpm.remove();
      npm.remove();
      python.remove();
    }
  });

  test("git: a repository with a first commit, unless --no-git", async () => {
    const r = await runInitInProcess("with-git", { yes: true, install: false, template: "vanilla", json: true }, {
      cwd: cwd.dir,
      env: { PATH: process.env.PATH, HOME: cwd.dir, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).git, "committed");
    const tracked = execFileSync("git", ["ls-files"], { cwd: join(cwd.dir, "with-git"), encoding: "utf8" }).trim().split("\n").sort();
    assert.deepEqual(tracked, templateFiles("vanilla").map((f) => f.path).sort(), "the first commit holds the template's files");
    assert.ok(!existsSync(join(cwd.dir, "first-app", ".git")));
  });

  test("--list-templates, as text and JSON", async () => {
    const text = await runInitInProcess(undefined, { listTemplates: true }, { cwd: cwd.dir });
    assert.match(text.stdout, /^react +TypeScript server, React widget \(default\)\nvanilla .*\npython .*\n$/);
    const json = JSON.parse((await runInitInProcess(undefined, { listTemplates: true, json: true }, { cwd: cwd.dir })).stdout);
    assert.deepEqual(json.templates.map((t: { name: string }) => t.name), TEMPLATES.map((t) => t.name));
    assert.equal(json.templates[0].default, true);
  });

  test("the built binary never prompts without a terminal, and exits 2 on a non-empty directory", async () => {
    const dir = join(cwd.dir, "spawned");
    mkdirSync(dir);
    writeFileSync(join(dir, "x"), "");
    const r = await runBin(["init", "spawned"], { cwd: cwd.dir, env: { CI: "" } });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /spawned is not empty/);
    const list = await runBin(["init", "--list-templates", "--json"]);
    assert.equal(list.code, 0);
    assert.equal(JSON.parse(list.stdout).templates.length, 3);
  });
});

describe("init's building blocks", () => {
  test("the package manager comes from npm_config_user_agent", () => {
    assert.equal(detectPackageManager({ npm_config_user_agent: "pnpm/9.12.0 npm/? node/v20.19.0 linux x64" }), "pnpm");
    assert.equal(detectPackageManager({ npm_config_user_agent: "yarn/4.5.0 npm/? node/v20.19.0 linux x64" }), "yarn");
    assert.equal(detectPackageManager({ npm_config_user_agent: "bun/1.2.0 npm/? node/v22.0.0 linux x64" }), "bun");
    assert.equal(detectPackageManager({ npm_config_user_agent: "npm/10.9.0 node/v22.0.0 linux x64" }), "npm");
    assert.equal(detectPackageManager({}), "npm");
    assert.deepEqual(["npm", "pnpm", "yarn", "bun"].map((pm) => runScriptCommand(pm as never, "dev")), ["npm run dev", "pnpm dev", "yarn dev", "bun run dev"]);
  });

  test("names: npm's rules, with a valid suggestion", () => {
    assert.deepEqual(packageNameProblems("my-app"), []);
    assert.deepEqual(packageNameProblems("@scope/my-app"), []);
    assert.ok(packageNameProblems("My App").length > 0);
    assert.ok(packageNameProblems("node_modules").length > 0);
    assert.equal(toPackageName("  My Dice App! "), "my-dice-app");
    assert.equal(toPackageName("!!!"), "my-chatgpt-app");
    assert.throws(() => resolveTargetDir("/work/x", "../y"), /outside the current directory/);
    assert.equal(resolveTargetDir("/work/x", "a/b"), "/work/x/a/b");
  });

  test("on copy: package.json rewritten as JSON, the template's name and host slug replaced, npm's commands respelt", () => {
    const pnpm = { name: "@acme/dice", pm: "pnpm" as const, chatgptApp: "^1.2.3" };
    const pkg = JSON.parse(personalize("package.json", '{ "name": "my-chatgpt-app", "dependencies": { "chatgpt-app": "^0.1.0", "zod": "^4.1.0" } }', pnpm));
    assert.deepEqual(pkg, { name: "@acme/dice", dependencies: { "chatgpt-app": "^1.2.3", zod: "^4.1.0" } });
    assert.equal(personalize("server/index.ts", 'name: "my-chatgpt-app", // not my-chatgpt-apps\n', pnpm), 'name: "@acme/dice", // not my-chatgpt-apps\n');
    assert.equal(personalize("chatgpt-app.config.ts", '"https://my-chatgpt-app.example.com"', pnpm), '"https://dice.example.com"');
    assert.equal(personalize("README.md", "`npm run dev` after npm install; npx chatgpt-app lint\n", pnpm), "`pnpm dev` after pnpm install; pnpm exec chatgpt-app lint\n");
    assert.equal(personalize("server/widgets.py", "run `npm run build`", pnpm), "run `npm run build`", "only READMEs and workflows are respelt");
    const workflow = "    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n      - run: npm install\n";
    assert.equal(personalize(".github/workflows/ci.yml", workflow, { ...pnpm, pm: "yarn" }), "    steps:\n      - uses: actions/checkout@v4\n      - run: corepack enable\n      - uses: actions/setup-node@v4\n      - run: yarn\n");
    assert.equal(personalize(".github/workflows/ci.yml", workflow, { ...pnpm, pm: "npm" }), workflow);
  });

  test("templates are plain files: renames applied, nothing generated left in them", () => {
    for (const { name } of TEMPLATES) {
      const paths = templateFiles(name).map((f) => f.path);
      assert.ok(paths.includes(".gitignore") && !paths.includes("_gitignore"), name);
      for (const required of ["README.md", ".env.example", ".github/workflows/ci.yml", "package.json"]) assert.ok(paths.includes(required), `${name}: ${required}`);
      const scripts = JSON.parse(readFileSync(templateFiles(name).find((f) => f.path === "package.json")!.source, "utf8")).scripts;
      for (const script of ["dev", "build", "start", "lint", "test"]) assert.ok(scripts[script], `${name}: script ${script}`);
    }
  });

  test("the widget's shared files are the same file in every template", () => {
    for (const shared of ["widgets/env.d.ts", "widgets/dice/styles.css"]) {
      const copies = TEMPLATES.map((t) => readFileSync(templateFiles(t.name).find((f) => f.path === shared)!.source, "utf8"));
      assert.ok(copies.every((c) => c === copies[0]), shared);
    }
    const vanilla = readFileSync(templateFiles("vanilla").find((f) => f.path === "widgets/dice/index.ts")!.source, "utf8");
    const python = readFileSync(templateFiles("python").find((f) => f.path === "widgets/dice/index.ts")!.source, "utf8");
    assert.equal(python, vanilla);
  });
});
