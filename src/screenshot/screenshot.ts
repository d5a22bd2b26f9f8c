/**
 * `chatgpt-app screenshot`: serves the preview (src/screenshot/serve.ts), decides which widgets
 * to render through which tool (plan.ts), renders each one headlessly (capture.ts) and writes
 * one PNG per widget, `<widget>-<host>-<theme>-<device>.png`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "../config/types.js";
import { CliError } from "../errors.js";
import { HOST_PROFILES, type HostProfile } from "../preview/hosts/index.js";
import { launchBrowser } from "./browser.js";
import { captureWidget } from "./capture.js";
import { listTools, planShots, type Plan } from "./plan.js";
import { servePreview } from "./serve.js";

export interface ScreenshotOptions {
  config: ResolvedConfig;
  /** The folder the PNGs go to (created). */
  out: string;
  host: HostProfile;
  theme: string;
  device: string;
  tool?: string;
  args?: Record<string, unknown>;
  url?: string;
  /** Per widget, from opening the page to the PNG. */
  timeoutMs: number;
  log: (line: string) => void;
  /** Where the browser and a `server.command` are looked up and run (default: the process's). */
  env?: NodeJS.ProcessEnv;
}

export interface ScreenshotResult {
  widget: string;
  tool: string;
  file: string;
  /** What went wrong (an uncaught error, a CSP violation, a failed tool call, a blank frame); empty: none. */
  problems: string[];
}

export interface ScreenshotReport {
  host: string;
  theme: string;
  device: string;
  screenshots: ScreenshotResult[];
  skipped: Plan["skipped"];
}

/** The profile with that id, or a usage error naming the ids there are. */
export function hostById(id: string | undefined): HostProfile {
  if (id === undefined) return HOST_PROFILES[0]!;
  const host = HOST_PROFILES.find((p) => p.id === id);
  if (host) return host;
  throw new CliError("usage_invalid", `--host must be one of ${HOST_PROFILES.map((p) => p.id).join(", ")}, got "${id}".`);
}

/** The theme and device asked for, checked against what the host has. */
export function envFor(host: HostProfile, theme: string | undefined, device: string | undefined): { theme: string; device: string } {
  const devices = Object.keys(host.devices);
  const chosen = { theme: theme ?? host.themes[0]!, device: device ?? devices[0]! };
  if (!host.themes.includes(chosen.theme as never)) throw new CliError("usage_invalid", `${host.label} has no theme "${chosen.theme}": ${host.themes.join(", ")}.`);
  if (!devices.includes(chosen.device)) throw new CliError("usage_invalid", `${host.label} has no device "${chosen.device}": ${devices.join(", ")}.`);
  return chosen;
}

function fileName(...parts: string[]): string {
  return `${parts.map((p) => p.replace(/[^A-Za-z0-9_.-]/g, "_")).join("-")}.png`;
}

export async function takeScreenshots(options: ScreenshotOptions): Promise<ScreenshotReport> {
  const { host, theme, device } = options;
  // No browser, no serving: the cheapest failure first.
  const browser = await launchBrowser({ width: 1280, height: 900 }, options.env);
  try {
    const served = await servePreview(options.config, { url: options.url, log: options.log, env: options.env });
    try {
      const plan = planShots(await listTools(served.mcpUrl), host, { tool: options.tool, args: options.args });
      if (plan.shots.length === 0 && plan.skipped.length === 0) options.log(`No tool of ${served.label} renders a widget under ${host.label}.`);
      for (const { widget, reason } of plan.skipped) options.log(`Skipped widget ${widget}: ${reason}.`);
      mkdirSync(options.out, { recursive: true });
      const screenshots: ScreenshotResult[] = [];
      for (const shot of plan.shots) {
        const file = join(options.out, fileName(shot.widget, host.id, theme, device));
        let capture;
        try {
          capture = await captureWidget(browser.context, served.pageUrl, shot, { host: host.id, theme, device }, options.timeoutMs);
        } catch (error) {
          if (error instanceof CliError) throw error;
          screenshots.push({ widget: shot.widget, tool: shot.tool, file: "", problems: [`Could not render it: ${(error as Error).message.split("\n")[0]}`] });
          continue;
        }
        writeFileSync(file, capture.png);
        screenshots.push({ widget: shot.widget, tool: shot.tool, file, problems: capture.problems });
      }
      return { host: host.id, theme, device, screenshots, skipped: plan.skipped };
    } finally {
      await served.close();
    }
  } finally {
    await browser.close();
  }
}
