import { readFileSync, readdirSync } from "node:fs";

/** This process's child process ids, from /proc (Linux); empty where there is no /proc. */
function ownChildren(): number[] {
  try {
    return readdirSync("/proc/self/task").flatMap((task) =>
      readFileSync(`/proc/self/task/${task}/children`, "utf8")
        .split(" ")
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * Waits, for at most `timeoutMs`, until this process has no child process left. A child
 * that is signalled (esbuild's service on `stop()`) ends a moment later; exiting before it
 * has would leave it to be reaped by whoever adopts it.
 */
export async function waitForChildrenToExit(timeoutMs = 1000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (ownChildren().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}
