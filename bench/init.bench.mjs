// `chatgpt-app init`: how long a scaffold takes (budget 500 ms, the process start included), and
// how big the react template's widget is once built (minified, everything inlined; budget 250 KB).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { timeMedian } from "./util.mjs";

const INIT_BUDGET_MS = 500;
const WIDGET_BUDGET_KB = 250;

function runBin(bin, args, cwd) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "1" } });
  if (result.status !== 0) throw new Error(`chatgpt-app ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
}

export default async function initBench({ root, bin }) {
  // Inside node_modules/, so the widget's `react` resolves to this repo's copy without an install.
  const scratch = join(root, "node_modules", ".cache");
  mkdirSync(scratch, { recursive: true });
  const work = mkdtempSync(join(scratch, "chatgpt-app-bench-init-"));
  try {
    let n = 0;
    const init = await timeMedian(() => runBin(bin, ["init", `app-${n++}`, "--yes", "--no-install", "--no-git"], work), { runs: 9, warmup: 1 });
    const version = await timeMedian(() => runBin(bin, ["--version"], work), { runs: 9, warmup: 1 });

    runBin(bin, ["init", "react-size", "--yes", "--template", "react", "--no-install", "--no-git"], work);
    const { buildWidgets } = await import(pathToFileURL(join(root, "dist", "widgets", "bundle.js")).href);
    const project = join(work, "react-size");
    // The widget imports chatgpt-app/react: this very package, linked where an install would put it.
    mkdirSync(join(project, "node_modules"), { recursive: true });
    symlinkSync(root, join(project, "node_modules", "chatgpt-app"));
    const results = await buildWidgets({ root: project, widgetsDir: join(project, "widgets"), minify: true });
    const dice = results.find((r) => r.ok && r.widget.name === "dice");
    if (!dice) throw new Error(`the react template's widget did not build: ${JSON.stringify(results.map((r) => r.failure?.message))}`);
    const kb = dice.widget.bytes / 1024;

    return [
      {
        name: "init --yes --no-install --no-git (react template)",
        value: init,
        unit: "ms",
        baseline: { name: "chatgpt-app --version", value: version },
        budget: `< ${INIT_BUDGET_MS} ms`,
        ok: init < INIT_BUDGET_MS,
      },
      {
        name: "react template widget HTML (minified, all inlined)",
        value: kb,
        unit: "KB",
        budget: `< ${WIDGET_BUDGET_KB} KB`,
        ok: kb < WIDGET_BUDGET_KB,
        note: `${dice.widget.bytes} bytes`,
      },
    ];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
