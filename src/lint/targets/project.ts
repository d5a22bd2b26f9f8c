import { relative } from "node:path";
import type { ResolvedConfig } from "../../config/types.js";
import { CliError } from "../../errors.js";
import { connectInMemory } from "../../host/in-memory.js";
import { locationFromStack } from "../../host/load-app.js";
import { loadProject } from "../../host/project.js";
import { collectSnapshot, listAll } from "../collect.js";
import { createResourceServer } from "../../auth/index.js";
import { locateInConfig } from "../config-location.js";
import type { DiagnosticSubject, LintSnapshot, SourceLocation } from "../types.js";
import { noteUiGating, UI_CLIENT_CAPABILITIES } from "../ui-gating.js";
import type { CollectedTarget, TargetOptions } from "./target.js";

/**
 * Lints the project in process, as `dev` and `start` would serve it: widgets built, the
 * app loaded, and an SDK client connected in memory (no network, no port). Each tool and
 * resource is traced to the line that registered it, so reports point at code.
 */
export async function collectProject(config: ResolvedConfig, options: TargetOptions): Promise<CollectedTarget> {
  const { run } = options;
  run.waitingFor = "building the widgets and loading the app";
  run.timeoutHint = "Is setup() or the app's top level waiting on something? Raise --timeout <ms> if it is just slow.";
  const project = await run.race(loadProject(config, { mode: "production", minify: true }));
  if (project.widgetFailures.length) {
    const failure = project.widgetFailures[0]!;
    throw new CliError("widget_build_failed", `Cannot lint: widget "${failure.name}" does not build.\n${failure.message}`, {
      location: failure.location ? `${failure.location.file}:${failure.location.line}:${failure.location.column}` : undefined,
      hint: "Fix the build error, then lint again.",
    });
  }
  const sites = { tool: new Map<string, Error>(), resource: new Map<string, Error>() };
  // Served as dev and start serve it: with auth, oauth2-only tools answer their challenge without a token.
  const auth = createResourceServer({ app: project.state.app.auth, config: config.auth, env: process.env });
  auth?.setLocalUrl(`http://127.0.0.1:${config.port}/mcp`);
  const state = { ...project.state, authorizeTool: auth?.authorizeTool, onRegister: (kind: "tool" | "resource", key: string, site: Error) => void sites[kind].set(key, site) };

  const toolsWithoutUi = async (): Promise<unknown[]> => {
    const plain = await connectInMemory(project.state, "chatgpt-app-lint-plain");
    try {
      return plain.client.getServerCapabilities()?.tools ? await listAll(plain.rawRequest, "tools/list", "tools", run) : [];
    } finally {
      await plain.close();
    }
  };
  const collect = async (): Promise<LintSnapshot> => {
    const connection = await connectInMemory(state, "chatgpt-app-lint", UI_CLIENT_CAPABILITIES);
    try {
      const collected = await collectSnapshot({
        request: connection.rawRequest,
        capabilities: connection.client.getServerCapabilities() as Record<string, unknown> | undefined,
        serverInfo: connection.client.getServerVersion(),
        instructions: connection.client.getInstructions(),
        target: `project ${relative(options.here ?? process.cwd(), config.root) || "."}`,
        run,
      });
      noteUiGating(collected, await toolsWithoutUi());
      if (auth?.settings.required) collected.server.authRequired = true;
      return collected;
    } finally {
      await connection.close();
    }
  };
  run.waitingFor = "listing the project's tools";
  run.timeoutHint = "Is a tool handler or setup() waiting on something? Raise --timeout <ms> if it is just slow.";
  const snapshot = await run.race(collect());

  const entry: SourceLocation = { file: relative(config.root, config.entry), line: 1, column: 1 };
  const widgetFiles = new Map(project.widgets.map((w) => [w.uri, { name: w.name, at: { file: relative(config.root, w.entry), line: 1, column: 1 } }]));
  const cache = new Map<string, SourceLocation | undefined>();
  const locate = (subject: DiagnosticSubject, pointer?: string): SourceLocation | undefined => {
    if (subject.kind === "server") return entry;
    const key = subject.kind === "tool" ? subject.name : subject.uri;
    const widget = subject.kind === "resource" ? widgetFiles.get(key) : undefined;
    if (widget) return (pointer !== undefined ? locateInConfig(config, widget.name, pointer) : undefined) ?? widget.at;
    if (!cache.has(`${subject.kind}:${key}`)) {
      const site = sites[subject.kind].get(key);
      cache.set(`${subject.kind}:${key}`, site ? locationFromStack(site, config.root) : undefined);
    }
    return cache.get(`${subject.kind}:${key}`) ?? entry;
  };
  return { snapshot, locate };
}

/** Every location, for a dump (`lint --dump`) that `lint --file` can point at code with. */
export function allLocations(snapshot: LintSnapshot, locate: NonNullable<CollectedTarget["locate"]>): NonNullable<LintSnapshot["locations"]> {
  const tools: Record<string, SourceLocation> = {};
  const resources: Record<string, SourceLocation> = {};
  snapshot.tools.forEach((tool, index) => {
    const raw = (tool as { name?: unknown } | null)?.name;
    // The same naming as the rules: a tool without a name is `#<index>`.
    const name = typeof raw === "string" && raw !== "" ? raw : `#${index}`;
    const at = locate({ kind: "tool", name });
    if (at) tools[name] = at;
  });
  for (const uri of new Set([...snapshot.resources.map((r) => (r as { uri?: unknown })?.uri), ...Object.keys(snapshot.reads)])) {
    if (typeof uri !== "string") continue;
    const at = locate({ kind: "resource", uri });
    if (at) resources[uri] = at;
  }
  return { tools, resources };
}
