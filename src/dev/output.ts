import kleur from "kleur";
import { formatDuration, type Logger, type Write } from "../util/log.js";
import type { DevEvent, DevEvents, ReadyEvent } from "./events.js";

/** `--json`: every event as one line of JSON on stdout (NDJSON). */
export function writeJsonEvents(events: DevEvents, write: Write): void {
  events.on("event", (event) => write(`${JSON.stringify(event)}\n`));
}

const LABEL_WIDTH = 10;
const label = (text: string) => `  ${kleur.bold(text.padEnd(LABEL_WIDTH))}`;

/** The one line dev prints when the tunnel provider's token is missing. */
export function noTokenHint(event: { authtokenEnv?: string; authtokenUrl?: string }): string {
  const token = event.authtokenEnv ?? "token for the tunnel provider";
  const where = event.authtokenUrl ? ` (token: ${event.authtokenUrl})` : "";
  return `off: no ${token}. Set it in the environment or .env${where} to reach this server from ChatGPT.`;
}

function connectorSteps(mcpUrl: string): string[] {
  const pad = " ".repeat(LABEL_WIDTH + 2);
  return [
    `${label("ChatGPT")}${kleur.cyan().bold(mcpUrl)}`,
    `${pad}1. ChatGPT → Settings → Apps → Advanced settings: turn on Developer mode.`,
    `${pad}2. Settings → Apps → Connectors → Create: paste the URL above, Authentication: No authentication.`,
    `${pad}3. In a new chat, pick the app from the + menu. After changing tools, press Refresh in its settings.`,
  ];
}

function describeRebuild(event: Extract<DevEvent, { type: "rebuild" }>): string {
  const took = kleur.dim(`in ${formatDuration(event.durationMs)}`);
  if (event.kind === "widget") return `${kleur.green("↻")} widget ${kleur.bold(event.name)} ${took} ${kleur.dim(`→ ${event.uri}`)}`;
  if (event.kind === "config") return `${kleur.green("↻")} ${event.name} changed: restarted ${took}`;
  if (event.name === "command") return `${kleur.green("↻")} server.command restarted ${took}${event.file ? kleur.dim(` (${event.file})`) : ""}`;
  const tools = event.tools === undefined ? "" : ` (${event.tools} tool${event.tools === 1 ? "" : "s"})`;
  return `${kleur.green("↻")} app reloaded${tools} ${took}${event.file ? kleur.dim(` (${event.file})`) : ""}`;
}

/**
 * People's output, on stderr: the banner when dev is ready, one timestamped line per
 * rebuild, errors with their code frame, tunnel news. stdout gets the URL to paste.
 */
export function writeHumanEvents(events: DevEvents, log: Logger, writeOut: Write): void {
  let ready: ReadyEvent | undefined;
  let tunnelLines: string[] = [];
  let tunnelMcpUrl: string | undefined;

  events.on("event", (event) => {
    switch (event.type) {
      case "ready": {
        ready = event;
        const counts = [event.tools === undefined ? undefined : `${event.tools} tool${event.tools === 1 ? "" : "s"}`, `${event.widgets} widget${event.widgets === 1 ? "" : "s"}`];
        log.success(`${kleur.bold(event.app)} ready in ${formatDuration(event.durationMs)} · ${counts.filter(Boolean).join(" · ")}`);
        log.info("");
        log.info(`${label("MCP")}${kleur.cyan(event.mcpUrl)}`);
        log.info(`${label("Preview")}${kleur.cyan(event.previewUrl)}`);
        if (event.childPid !== undefined) log.info(`${label("Server")}server.command, pid ${event.childPid}`);
        for (const line of tunnelLines) log.info(line);
        log.info("");
        writeOut(`${tunnelMcpUrl ?? event.mcpUrl}\n`);
        return;
      }
      case "tunnel": {
        let lines: string[] = [];
        if (event.status === "off" && event.reason === "no_token") lines = [`${label("Tunnel")}${kleur.yellow(noTokenHint(event))}`];
        else if (event.status === "off") lines = [`${label("Tunnel")}${kleur.dim("off")}`];
        else if (event.status === "up") {
          tunnelMcpUrl = event.mcpUrl;
          lines = [`${label("Tunnel")}${kleur.cyan(event.url)} ${kleur.dim(`(${event.provider})`)}`, ...connectorSteps(event.mcpUrl)];
          if (ready) writeOut(`${event.mcpUrl}\n`);
        } else if (event.status === "down") {
          log.warn(`Tunnel down: ${event.message}. Retrying in ${formatDuration(event.retryInMs)}; the local server carries on.`);
          return;
        } else {
          log.event(event.status === "reconnecting" ? kleur.yellow("Tunnel lost; reconnecting…") : kleur.green("Tunnel reconnected."));
          return;
        }
        if (!ready) tunnelLines = lines;
        else for (const line of lines) log.info(line);
        return;
      }
      case "rebuild":
        log.event(describeRebuild(event));
        return;
      case "error": {
        const where = event.file ? kleur.dim(` (${event.file}:${event.line ?? 1}:${event.column ?? 1})`) : "";
        const subject = event.kind === "widget" ? `widget ${event.name}` : event.kind === "config" ? event.name : event.name === "command" ? "server.command" : "the app";
        const keeps = event.kind === "config" ? "the previous config keeps serving" : "the last good build keeps serving";
        log.event(`${kleur.red("✖")} ${subject} failed${where}; ${keeps}`);
        log.info(event.message);
        return;
      }
      case "warning":
        log.warn(event.message);
        return;
      case "tool-error": {
        const where = event.file ? kleur.dim(` (${event.file}:${event.line ?? 1}:${event.column ?? 1})`) : "";
        log.event(`${kleur.red("✖")} tool ${kleur.bold(event.tool)} threw${where}; the client got an isError result`);
        log.info(event.message);
        return;
      }
    }
  });
}
