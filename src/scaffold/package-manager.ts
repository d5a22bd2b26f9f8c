import { accessSync, constants, statSync } from "node:fs";
import { join } from "node:path";

/** The package managers `init` knows how to install with and name in the next steps. */
export const PACKAGE_MANAGERS = ["npm", "pnpm", "yarn", "bun"] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

export function isPackageManager(value: unknown): value is PackageManager {
  return typeof value === "string" && (PACKAGE_MANAGERS as readonly string[]).includes(value);
}

/**
 * The package manager that launched us: `npx`, `pnpm dlx`, `yarn dlx` and `bunx` all set
 * `npm_config_user_agent` to e.g. `pnpm/9.1.0 npm/? node/v20.19.0 linux x64`.
 */
export function detectPackageManager(env: NodeJS.ProcessEnv = process.env): PackageManager {
  const agent = env.npm_config_user_agent ?? "";
  const name = /^([a-z]+)\//.exec(agent)?.[1];
  return isPackageManager(name) ? name : "npm";
}

/** The command that installs a project's dependencies. */
export function installCommand(pm: PackageManager): string[] {
  return pm === "yarn" ? ["yarn"] : [pm, "install"];
}

/** The command that runs a package.json script, the way each manager spells it. */
export function runScriptCommand(pm: PackageManager, script: string): string {
  if (pm === "npm") return `npm run ${script}`;
  if (pm === "bun") return `bun run ${script}`;
  return `${pm} ${script}`;
}

/** The prefix that runs a binary installed in the project. */
export function execPrefix(pm: PackageManager): string {
  return { npm: "npx", pnpm: "pnpm exec", yarn: "yarn", bun: "bunx" }[pm];
}

/** GitHub Actions steps that make the manager available, indented for a workflow's `steps:`. */
export function ciSetupSteps(pm: PackageManager): string {
  switch (pm) {
    case "pnpm":
      return "      - uses: pnpm/action-setup@v4\n        with:\n          version: 10\n";
    case "yarn":
      return "      - run: corepack enable\n";
    case "bun":
      return "      - uses: oven-sh/setup-bun@v2\n";
    default:
      return "";
  }
}

/**
 * True when `pm` is on PATH. It is looked up, not run: running a corepack shim would
 * download the manager, and a missing one must be found before anything is written.
 */
export function packageManagerInstalled(pm: PackageManager, env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  const path = env.PATH ?? env.Path ?? "";
  const extensions = platform === "win32" ? (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";") : [""];
  return path
    .split(platform === "win32" ? ";" : ":")
    .filter(Boolean)
    .some((dir) =>
      extensions.some((ext) => {
        try {
          const file = join(dir, pm + ext);
          accessSync(file, constants.X_OK);
          return statSync(file).isFile();
        } catch {
          return false;
        }
      }),
    );
}
