/**
 * What `screenshot` points the browser at: the preview page on a loopback port of its own, its
 * MCP endpoint answered by the project in process (as lint reads it), by the project's
 * `server.command`, or forwarded to a server already running (`--url`).
 */
import type { ResolvedConfig } from "../config/types.js";
import { CliError, ExitCode } from "../errors.js";
import type { AppState } from "../host/app-state.js";
import { Host } from "../host/host.js";
import { writeBuild } from "../host/build-output.js";
import { startHttpServer } from "../host/http.js";
import { hasAppModule, loadProject, WIDGETS_ONLY_APP } from "../host/project.js";
import { createPreviewRoutes } from "../preview/routes.js";
import { spawnChildServer } from "../process/child-server.js";
import { probePort } from "../process/ports.js";
import { packageVersion } from "../version.js";

export interface ServedPreview {
  /** The preview page, on `localhost` (its widget frames are on `127.0.0.1`: another origin, as in a host). */
  pageUrl: string;
  /** Its MCP endpoint, for listing the tools. */
  mcpUrl: string;
  /** What was served, for the log: "project ./my-app", "http://…/mcp". */
  label: string;
  close(): Promise<void>;
}

function parseServerUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return parsed.href;
  } catch {
    // Said below.
  }
  throw new CliError("usage_invalid", `--url must be an http(s) URL of an MCP endpoint, got "${url}".`, { hint: "e.g. --url http://localhost:8787/mcp" });
}

/**
 * The project's own server command, started on a free port until `close()` (its whole process group).
 * Such a server (the python template's) serves the widgets it finds in `dist/` (`manifest.json` and
 * `widgets/*.html`), so they are built first, as `chatgpt-app build` builds them: the screenshots show
 * the widgets' source as it is now, not an older build, or none.
 */
async function startCommand(config: ResolvedConfig, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<{ url: string; close(): Promise<void> }> {
  await writeBuild(config, `chatgpt-app@${packageVersion()} (screenshot)`);
  const port = await probePort(0, "127.0.0.1");
  const fill = (text: string) => text.replaceAll("{port}", String(port));
  const command = fill(config.server.command!);
  const url = fill(config.server.url ?? "http://127.0.0.1:{port}/mcp");
  let output = "";
  const child = spawnChildServer({
    command,
    cwd: config.root,
    env: { ...env, PORT: String(port) },
    mcpUrl: url,
    onOutput: (line) => (output = `${output}${line}\n`.slice(-8_000)),
  });
  try {
    await child.ready;
  } catch (error) {
    await child.close();
    throw new CliError("server_command_failed", `\`${command}\` did not start answering on ${url}: ${(error as Error).message}${output ? `\nIts last output:\n${output.trimEnd()}` : ""}`, {
      hint: "Run it yourself to see why, or check server.command and server.url in chatgpt-app.config.",
    });
  }
  log(`Started \`${command}\` (${url}).`);
  return { url, close: () => child.close() };
}

/** Serves the preview for the project in `config`, or for the server at `url`. */
export async function servePreview(config: ResolvedConfig, options: { url?: string; log: (line: string) => void; env?: NodeJS.ProcessEnv }): Promise<ServedPreview> {
  let upstream: { url: string; close(): Promise<void> } | undefined;
  let state: AppState = { app: WIDGETS_ONLY_APP, widgets: new Map(), mode: "production" };
  let label: string;
  if (options.url) {
    upstream = { url: parseServerUrl(options.url), close: async () => undefined };
    label = upstream.url;
  } else if (!hasAppModule(config) && config.server.command) {
    upstream = await startCommand(config, options.log, options.env);
    label = `\`${config.server.command}\``;
  } else {
    const project = await loadProject(config, { mode: "production", minify: true });
    const failure = project.widgetFailures[0];
    if (failure) {
      throw new CliError("widget_build_failed", `Widget "${failure.name}" does not build:\n${failure.message}`, {
        exitCode: ExitCode.problems,
        location: failure.location ? `${failure.location.file}:${failure.location.line}:${failure.location.column}` : undefined,
        hint: "Fix the build error, then take the screenshots again.",
      });
    }
    state = project.state;
    label = "the project";
  }
  const routes = createPreviewRoutes({ version: packageVersion() });
  try {
    const http = await startHttpServer(new Host(state), {
      port: 0,
      hostname: "127.0.0.1",
      bodyLimit: config.bodyLimit,
      version: packageVersion(),
      extraRoutes: (req, res, url) => routes.handle(req, res, url),
      proxyMcpTo: upstream?.url,
    });
    return {
      pageUrl: `http://localhost:${http.port}/`,
      mcpUrl: `http://127.0.0.1:${http.port}/mcp`,
      label,
      async close() {
        routes.close();
        await http.close({ timeoutMs: 1000 });
        await upstream?.close();
      },
    };
  } catch (error) {
    routes.close();
    await upstream?.close();
    throw error;
  }
}
