import kleur from "kleur";
import type { Diagnostic, Severity } from "../types.js";
import { hostVerdicts, plural, summarize, type LintResult } from "./types.js";

const MARK: Record<Severity, () => string> = {
  error: () => kleur.red("✖ error"),
  warn: () => kleur.yellow("▲ warn "),
  info: () => kleur.blue("ℹ info "),
};

function where(d: Diagnostic): string {
  if (!d.source) return "";
  return `${d.source.file}:${d.source.line}:${d.source.column}${d.source.key ? ` › ${d.source.key}` : ""}`;
}

function subjectOf(d: Diagnostic): string {
  return d.subject.kind === "tool" ? `tool ${kleur.bold(d.subject.name)}` : d.subject.kind === "resource" ? `resource ${kleur.bold(d.subject.uri)}` : kleur.bold("server");
}

/** `--format pretty` (the default): grouped by tool and resource, for people. Colour follows kleur. */
export function formatPretty(result: LintResult): string {
  const out: string[] = [];
  let last = "";
  let headSource = "";
  for (const d of result.diagnostics) {
    const subject = subjectOf(d);
    if (subject !== last) {
      if (out.length) out.push("");
      headSource = where(d);
      out.push(`${subject}${headSource ? `  ${kleur.dim(headSource)}` : ""}`);
      last = subject;
    }
    const pointer = d.pointer ? kleur.dim(` at ${d.pointer}`) : "";
    // A finding set elsewhere than its subject's first (a config key, say) names its own place.
    const own = where(d) && where(d) !== headSource ? `  ${kleur.dim(where(d))}` : "";
    out.push(`  ${MARK[d.severity]()}  ${d.message}`);
    out.push(`           ${kleur.dim(d.ruleId)}${pointer}${own}  ${kleur.dim(d.docsUrl)}`);
  }
  const s = summarize(result.diagnostics);
  const rulesUsed = `${result.preset} rules${result.era === "2026" ? ", judged for 2026-era clients" : ""}`;
  const checked = `${plural(result.counts.tools, "tool")} and ${plural(result.counts.resources, "resource")} of ${result.target}`;
  if (out.length) out.push("");
  if (s.errors + s.warnings + s.infos === 0) {
    out.push(`${kleur.green("✔")} No problems in ${checked} (${rulesUsed}).`);
  } else {
    const mark = s.errors ? kleur.red("✖") : s.warnings ? kleur.yellow("▲") : kleur.blue("ℹ");
    out.push(`${mark} ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.infos} info in ${checked} (${rulesUsed}).`);
  }
  const verdicts = hostVerdicts(result);
  if (verdicts.length) {
    const said = { works: kleur.green("works"), degraded: kleur.yellow("degraded"), broken: kleur.red("broken") };
    const counts = (v: (typeof verdicts)[number]) => (v.verdict === "works" ? "" : ` (${[v.errors ? plural(v.errors, "error") : "", v.warnings ? plural(v.warnings, "warning") : ""].filter(Boolean).join(", ")})`);
    out.push(`Hosts: ${verdicts.map((v) => `${v.host} ${said[v.verdict]}${counts(v)}`).join(" · ")}`);
  }
  return `${out.join("\n")}\n`;
}
