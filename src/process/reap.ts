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

/** True while a process of group `pgid` is still running (zombies, which hold nothing, aside). */
export function groupRunning(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    // No /proc (macOS): ask the kernel about the group as a whole.
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp …; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
    } catch {
      // It ended while we looked.
    }
  }
  return false;
}

/** Resolves true once group `pgid` has no running process, false after `timeoutMs`. */
export async function waitForGroupToEnd(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupRunning(pgid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
  return true;
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** SIGTERM to the whole group, SIGKILL to what is left after `graceMs`; resolves once it is gone (or 2 s later). */
export async function endGroup(pgid: number, graceMs: number): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  if (!(await waitForGroupToEnd(pgid, graceMs))) signalGroup(pgid, "SIGKILL");
  await waitForGroupToEnd(pgid, 2000);
}
