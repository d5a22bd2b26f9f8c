// Issue 2's figures: CLI start-up, widget builds, and `start` throughput, each beside a
// baseline measured in this run.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { interleavedRatio, linkedFixture, median, startServer, timeMedian } from "./util.mjs";

function spawnTime(args) {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: "ignore" });
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}`);
  return performance.now() - start;
}

function fixtureProject(root) {
  const dir = linkedFixture(root, "basic");
  // A heavier widget: 150 modules and their CSS, so the build measures bundling, not start-up.
  const many = join(dir, "widgets", "many");
  mkdirSync(join(many, "parts"), { recursive: true });
  const imports = [];
  for (let i = 0; i < 150; i++) {
    writeFileSync(join(many, "parts", `p${i}.ts`), `import "./p${i}.css";\nexport function part${i}(n: number): string { return "part ${i} " + (n * ${i}).toString(16); }\n`);
    writeFileSync(join(many, "parts", `p${i}.css`), `.p${i} { margin: ${i}px; color: #${(i * 4099).toString(16).padStart(6, "0").slice(0, 6)}; }\n`);
    imports.push(`import { part${i} } from "./parts/p${i}";`);
  }
  writeFileSync(join(many, "index.ts"), `${imports.join("\n")}\ndocument.body.textContent = [${Array.from({ length: 150 }, (_, i) => `part${i}(${i})`).join(", ")}].join(",");\n`);
  return dir;
}

export default async function ({ root, bin }) {
  const rows = [];

  // 1. CLI start-up.
  const runs = 15;
  const node = [], version = [], help = [];
  for (let i = 0; i < runs + 2; i++) {
    node.push(spawnTime(["-e", "0"]));
    version.push(spawnTime([bin, "--version"]));
    help.push(spawnTime([bin, "--help"]));
  }
  const nodeMs = median(node.slice(2));
  const versionMs = median(version.slice(2));
  rows.push({ name: "chatgpt-app --version", value: versionMs, unit: "ms", baseline: { name: "node -e 0", value: nodeMs }, budget: "< 100 ms", ok: versionMs < 100 });
  const helpMs = median(help.slice(2));
  rows.push({ name: "chatgpt-app --help", value: helpMs, unit: "ms", baseline: { name: "node -e 0", value: nodeMs }, budget: "< 100 ms", ok: helpMs < 100 });

  // 2. Widget builds: ours (bundle + inline + hash) against esbuild alone on the same entries.
  const dir = fixtureProject(root);
  try {
    const { buildWidgets } = await import(pathToFileURL(join(root, "dist", "widgets", "bundle.js")).href);
    const { discoverWidgets } = await import(pathToFileURL(join(root, "dist", "widgets", "discover.js")).href);
    const esbuild = await import("esbuild");
    const entries = discoverWidgets(join(dir, "widgets")).widgets.map((w) => w.entry);
    const ours = await timeMedian(() => buildWidgets({ root: dir, widgetsDir: join(dir, "widgets"), minify: true }), { runs: 9 });
    const alone = await timeMedian(
      () => Promise.all(entries.map((entry) => esbuild.build({ entryPoints: [entry], bundle: true, minify: true, write: false, outdir: join(dir, "out"), format: "esm", absWorkingDir: dir, loader: { ".svg": "dataurl" } }))),
      { runs: 9 },
    );
    rows.push({ name: `build ${entries.length} widgets (fixture, 150-module widget included)`, value: ours, unit: "ms", baseline: { name: "esbuild alone, same entries", value: alone } });

    // 3. `start` answering tools/call against a bare SDK stateless server.
    execFileSync(process.execPath, [bin, "build"], { cwd: dir, stdio: "ignore" });
    const bare = await startServer(process.execPath, [join(root, "bench", "fixtures", "bare-sdk-server.mjs")], root, /(http:\/\/127\.0\.0\.1:\d+)/);
    const start = await startServer(process.execPath, [bin, "start", "--port", "0"], dir, /on (http:\/\/127\.0\.0\.1:\d+)/);
    try {
      const { ratio, oursRate, bareRate, ratios } = await interleavedRatio(start.url, bare.url);
      rows.push({
        name: "start: tools/call throughput, share of the bare SDK server's (16 concurrent, keep-alive; median of 7 alternating rounds' ratios)",
        value: ratio * 100,
        unit: "%",
        budget: "≥ 90%",
        ok: ratio >= 0.9,
        note: `ours ${oursRate.toFixed(0)} calls/s, bare MCP SDK stateless server ${bareRate.toFixed(0)} calls/s (medians); round ratios ${ratios.map((r) => r.toFixed(2)).join(" ")}`,
      });
    } finally {
      bare.stop();
      start.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
