import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./project.js";

/** `npm pack`s this repo (dist/ must be built) into a fresh folder; returns the tarball's path. */
export function packTarball(): string {
  const dir = mkdtempSync(join(tmpdir(), "chatgpt-app-pack-"));
  const out = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", dir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const name = out.trim().split("\n").pop()!;
  return join(dir, name);
}
