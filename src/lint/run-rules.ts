import { REPO_URL } from "../version.js";
import { buildModel } from "./model.js";
import type { Diagnostic, DiagnosticSubject, LintJudge, LintModel, LintSnapshot, ReportDescriptor, Rule, Severity } from "./types.js";

/** The page that documents a rule: `docs/rules/<id>.md` in the repository (generated from the rule). */
export function docsUrl(ruleId: string): string {
  return `${REPO_URL}/blob/main/docs/rules/${ruleId}.md`;
}

/** Fills `{name}` placeholders; an unknown one stays as written, so a missing value shows. */
export function formatMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(data, key) ? String(data[key]) : whole));
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warn: 1, info: 2 };

function subjectKey(subject: DiagnosticSubject): string {
  return subject.kind === "tool" ? `tool:${subject.name}` : subject.kind === "resource" ? `resource:${subject.uri}` : "server";
}

/** Thrown when a rule itself crashes: a bug in chatgpt-app, named by rule. */
export class RuleCrashError extends Error {
  constructor(
    readonly ruleId: string,
    cause: unknown,
  ) {
    super(`Rule ${ruleId} crashed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RuleCrashError";
  }
}

/** For tools that look at a run from outside (the rule tester): each diagnostic with the `messageId` it came from. */
export interface RunRulesOptions extends Partial<LintJudge> {
  onReport?(diagnostic: Diagnostic, messageId: string): void;
}

/**
 * Runs rules over a snapshot. `severities` gives each rule's effective severity; rules
 * not in it do not run. `options.hosts` names the hosts the per-host rules judge for (`--host`). Diagnostics come sorted by subject, then severity, then rule.
 */
export function runRules(
  snapshotOrModel: LintSnapshot | LintModel,
  rules: readonly Rule[],
  severities: ReadonlyMap<string, Severity>,
  options: RunRulesOptions = {},
): Diagnostic[] {
  const model = "tools" in snapshotOrModel && "malformedTools" in snapshotOrModel ? snapshotOrModel : buildModel(snapshotOrModel);
  const locations = model.snapshot.locations ?? {};
  const diagnostics: Diagnostic[] = [];
  for (const rule of rules) {
    const severity = severities.get(rule.id);
    if (severity === undefined) continue;
    let current: DiagnosticSubject = { kind: "server" };
    const report = (descriptor: ReportDescriptor<string>) => {
      const subject = descriptor.subject ?? current;
      const message = rule.messages[descriptor.messageId];
      if (message === undefined) throw new Error(`unknown messageId "${descriptor.messageId}"`);
      const data: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(descriptor.data ?? {})) data[key] = typeof value === "string" ? clip(value, 300) : value;
      // Names and URIs come from the server: a huge one must not make a huge message.
      if (subject.kind === "tool") data.tool ??= clip(subject.name);
      if (subject.kind === "resource") data.uri ??= clip(subject.uri);
      const source =
        subject.kind === "tool"
          ? locations.tools?.[subject.name]
          : subject.kind === "resource"
            ? locations.resources?.[subject.uri]
            : undefined;
      const diagnostic: Diagnostic = {
        ruleId: rule.id,
        severity: severity === "error" && rule.warnOnly?.includes(descriptor.messageId) ? "warn" : severity,
        message: formatMessage(message, data),
        subject,
        pointer: descriptor.pointer ?? "",
        docsUrl: docsUrl(rule.id),
        ...(source ? { source } : {}),
        ...(descriptor.host ? { host: descriptor.host.id } : {}),
      };
      diagnostics.push(diagnostic);
      options.onReport?.(diagnostic, descriptor.messageId);
    };
    try {
      const visitors = rule.create({ model, report, hosts: options.hosts ?? [], serverUrl: options.serverUrl });
      if (visitors.server) visitors.server(model);
      if (visitors.tool) {
        for (const tool of model.tools) {
          current = { kind: "tool", name: tool.name };
          visitors.tool(tool);
        }
      }
      if (visitors.resource) {
        for (const resource of model.resources) {
          current = { kind: "resource", uri: resource.uri };
          visitors.resource(resource);
        }
      }
    } catch (error) {
      throw new RuleCrashError(rule.id, error);
    }
  }
  const order = new Map<string, number>();
  model.tools.forEach((t, i) => order.set(`tool:${t.name}`, i));
  model.resources.forEach((r, i) => order.set(`resource:${r.uri}`, model.tools.length + i));
  const rank = (d: Diagnostic) => (d.subject.kind === "server" ? -1 : (order.get(subjectKey(d.subject)) ?? Number.MAX_SAFE_INTEGER));
  return diagnostics.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
