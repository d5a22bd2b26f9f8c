/**
 * The contracts of `chatgpt-app lint`: what a target collects (a snapshot), what a rule
 * is and what it reports (a diagnostic). Targets, rules and reporters meet only here.
 */
import type { ResolvedConfig } from "../config/types.js";
import type { LintHost } from "./hosts.js";
import type { SourceLocation } from "../widgets/bundle.js";

/** Where a tool, resource or finding is in the user's source (one declaration, beside the widget builder's). */
export type { SourceLocation };
/** A host `lint --host` judges the snapshot for: the preview's profile of it (src/preview/hosts). */
export type { LintHost };

export type Severity = "error" | "warn" | "info";
/** A rule's default level: a severity, or `off` (turned on only by a preset or a setting). */
export type RuleLevel = "off" | Severity;
/** `lint.preset`, as the config spec declares it. */
export type Preset = ResolvedConfig["lint"]["preset"];
/**
 * Which clients lint judges for: `2025`, clients of the 2025 protocol revisions (ChatGPT
 * today, and the default), or `2026`, clients of the 2026-07-28 revision.
 */
export type LintEra = "2025" | "2026";
export const LINT_ERAS: readonly LintEra[] = ["2025", "2026"];

export const SNAPSHOT_FORMAT = "chatgpt-app-lint-snapshot";
export const SNAPSHOT_VERSION = 1;

/**
 * Everything lint reads from a server, raw as the server sent it (unknown keys and
 * malformed entries included). `lint --dump` writes one; `lint --file` reads one back.
 */
export interface LintSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** What was linted, e.g. `project ./my-app` or `url https://…/mcp (streamable-http)`. */
  target: string;
  server: {
    name?: string;
    version?: string;
    instructions?: string;
    /** The protocol version lint's client and the server agreed on: `2026-07-28` (no `initialize`) or a 2025-era one. */
    protocolVersion?: string;
    /** True when the server advertises OAuth protected-resource metadata. */
    oauth?: boolean;
    /** Tools listed only to a client that advertises the MCP Apps extension. */
    uiGatedTools?: string[];
    /** True when the app needs a token for every request (`auth.required`): nothing is served anonymously. */
    authRequired?: boolean;
  };
  /** What each `oauth2`-only tool answered when called without a token (its sign-in challenge, if any), by name. */
  challenges?: Record<string, unknown>;
  tools: unknown[];
  resources: unknown[];
  resourceTemplates: unknown[];
  /** `resources/read` of every UI resource, by URI: the result, or why it failed. */
  reads: Record<string, { contents?: unknown; error?: string }>;
  /** SHA-256 of each UI resource's HTML in a previous (published) snapshot, by URI: `lint --baseline`. */
  baseline?: Record<string, string>;
  /** Where each tool (by name) and resource (by URI) is registered: the project target only. */
  locations?: { tools?: Record<string, SourceLocation>; resources?: Record<string, SourceLocation> };
}

/** What a diagnostic is about. */
export type DiagnosticSubject = { kind: "tool"; name: string } | { kind: "resource"; uri: string } | { kind: "server" };

/** One problem found. The JSON reporter writes these as they are (documented in docs/lint.md). */
export interface Diagnostic {
  ruleId: string;
  severity: Severity;
  message: string;
  subject: DiagnosticSubject;
  /** JSON pointer (RFC 6901) into the tool or resource, e.g. `/_meta/openai~1outputTemplate`; "" for the whole. */
  pointer: string;
  docsUrl: string;
  source?: SourceLocation;
  /** The host (`lint --host` id) this finding is about: under it the widget or tool breaks (error) or degrades (warn). */
  host?: string;
}

/** A tool as rules see it: the raw entry plus the lookups every rule needs. */
export interface ToolInfo {
  index: number;
  /** The name, or `#<index>` when the entry has none. */
  name: string;
  raw: Record<string, unknown>;
  /** `_meta`, when it is an object. */
  meta: Record<string, unknown> | undefined;
  /** `_meta.ui`, when it is an object. */
  ui: Record<string, unknown> | undefined;
  /** The `ui://` URI it renders: `_meta.ui.resourceUri`, else `openai/outputTemplate`, else the flat `ui/resourceUri`. */
  templateUri: string | undefined;
}

/** A resource as rules see it: its list entry and its read contents merged by URI. */
export interface ResourceInfo {
  uri: string;
  listEntry: Record<string, unknown> | undefined;
  /** The contents item of `resources/read` for this URI (the first, if none matches exactly). */
  contents: Record<string, unknown> | undefined;
  /** Why `resources/read` failed, if it did. */
  readError: string | undefined;
  /** The HTML text (or decoded blob) of the contents item. */
  html: string | undefined;
  /** Tools whose template is this URI. */
  referencedBy: ToolInfo[];
  /** True when a tool renders it or its URI is `ui://`: the UI-resource rules look only at these. */
  isUi: boolean;
}

/** The snapshot, indexed once for every rule. */
export interface LintModel {
  snapshot: LintSnapshot;
  /** The clients judged for (`--era`): rules whose truth depends on the protocol era read it. */
  era: LintEra;
  tools: ToolInfo[];
  /** Entries of `tools/list` that are not objects. */
  malformedTools: Array<{ index: number; value: unknown }>;
  resources: ResourceInfo[];
  resourceByUri: ReadonlyMap<string, ResourceInfo>;
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  /** Defaults to the tool or resource being visited. */
  subject?: DiagnosticSubject;
  pointer?: string;
  /** The host judged, for a finding of the per-host layer. */
  host?: LintHost;
}

/** What lint judges the snapshot against besides the rules: the hosts of `--host`, and the server's public URL. */
export interface LintJudge {
  /** The hosts named with `--host`, in order; empty without it (the per-host rules then say nothing). */
  hosts: readonly LintHost[];
  /** The MCP endpoint hosts reach (the URL linted, else BASE_URL's), when known. */
  serverUrl?: string;
}

export interface RuleContext<M extends string> extends LintJudge {
  model: LintModel;
  report(descriptor: ReportDescriptor<M>): void;
}

/** What a rule looks at: each tool, each resource, or the server as a whole. */
export interface RuleVisitors {
  tool?(tool: ToolInfo): void;
  resource?(resource: ResourceInfo): void;
  server?(model: LintModel): void;
}

/** A fragment of a snapshot, for examples and tests; the rest is filled with empties. */
export interface SnapshotInput {
  tools?: unknown[];
  resources?: unknown[];
  resourceTemplates?: unknown[];
  reads?: LintSnapshot["reads"];
  server?: LintSnapshot["server"];
  baseline?: LintSnapshot["baseline"];
  /** Not part of a snapshot: the `--host` ids a per-host rule's example or test judges for. */
  hosts?: string[];
  /** Not part of a snapshot: the server URL `--host` judges with. */
  serverUrl?: string;
  challenges?: LintSnapshot["challenges"];
}

export interface RuleDocs {
  /** One line: what the rule checks. */
  description: string;
  /** Why it matters, with its public source (a URL). */
  why: string;
  /** How to fix it. */
  fix: string;
  /** For a rule whose truth depends on the protocol era: what it checks in each (`--era`). */
  era?: string;
  /** Shown on the rule's page (docs/rules/<id>.md); the rule tester runs them too. */
  examples: { fail: SnapshotInput; pass: SnapshotInput };
}

/**
 * One lint rule (one file in src/lint/rules/, file name = id). `messages` are the only
 * texts it may report, by `messageId`, with `{placeholders}` filled from `data`.
 */
export interface Rule<M extends string = string> {
  id: string;
  /** The default; `off` for a check only a preset (its `submission`) or a setting turns on. */
  severity: RuleLevel;
  /** The severity under the `submission` preset, when review makes it stricter. */
  submission?: Severity;
  /** Messages that are never more than a warning (a softer form of the same check). */
  warnOnly?: readonly NoInfer<M>[];
  messages: Record<M, string>;
  docs: RuleDocs;
  create(context: RuleContext<M>): RuleVisitors;
}

/** Keeps the message ids of a rule typed: `report({ messageId })` must name one of them. */
export function defineRule<const M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
