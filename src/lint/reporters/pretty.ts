import kleur from "kleur";
import type { Diagnostic, Severity } from "../types.js";
import { plural, summarize, type LintResult } from "./types.js";

const MARK: Record<Severity, () => string> = {
  error: () => kleur.red("✖ error"),
  warn: () => kleur.yellow("▲ warn "),
  info: () => kleur.blue("ℹ info "),
};

function heading(d: Diagnostic): string {
  const what = d.subject.kind === "tool" ? `tool ${kleur.bold(d.subject.name)}` : d.subject.kind === "resource" ? `resource ${kleur.bold(d.subject.uri)}` : kleur.bold("server");
  const where = d.source ? `  ${kleur.dim(`${d.source.file}:${d.source.line}:${d.source.column}`)}` : "";
  return `${what}${where}`;
}

/** `--format pretty` (the default): grouped by tool and resource, for people. Colour follows kleur. */
export function formatPretty(result: LintResult): string {
  const out: string[] = [];
  let last = "";
  for (const d of result.diagnostics) {
    const head = heading(d);
    if (head !== last) {
      if (out.length) out.push("");
      out.push(head);
      last = head;
    }
    const pointer = d.pointer ? kleur.dim(` at ${d.pointer}`) : "";
    out.push(`  ${MARK[d.severity]()}  ${d.message}`);
    out.push(`           ${kleur.dim(d.ruleId)}${pointer}  ${kleur.dim(d.docsUrl)}`);
  }
  const s = summarize(result.diagnostics);
  const checked = `${plural(result.counts.tools, "tool")} and ${plural(result.counts.resources, "resource")} of ${result.target}`;
  if (out.length) out.push("");
  if (s.errors + s.warnings + s.infos === 0) {
    out.push(`${kleur.green("✔")} No problems in ${checked} (${result.preset} rules).`);
  } else {
    const mark = s.errors ? kleur.red("✖") : s.warnings ? kleur.yellow("▲") : kleur.blue("ℹ");
    out.push(`${mark} ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}, ${s.infos} info in ${checked} (${result.preset} rules).`);
  }
  return `${out.join("\n")}\n`;
}
