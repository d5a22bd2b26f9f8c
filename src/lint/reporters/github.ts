import type { Diagnostic, Severity } from "../types.js";
import { plural, summarize, type LintResult } from "./types.js";

const COMMAND: Record<Severity, string> = { error: "error", warn: "warning", info: "notice" };

/** Workflow-command escaping: data and property values have their own rules. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function subjectText(d: Diagnostic): string {
  return d.subject.kind === "tool" ? `tool ${d.subject.name}` : d.subject.kind === "resource" ? `resource ${d.subject.uri}` : "server";
}

/** `--format github`: one workflow command per diagnostic, so GitHub Actions annotates the code. */
export function formatGithub(result: LintResult): string {
  const lines = result.diagnostics.map((d) => {
    const props = [];
    if (d.source) props.push(`file=${escapeProperty(d.source.file)}`, `line=${d.source.line}`, `col=${d.source.column}`);
    props.push(`title=${escapeProperty(`chatgpt-app lint: ${d.ruleId} (${subjectText(d)})`)}`);
    return `::${COMMAND[d.severity]} ${props.join(",")}::${escapeData(`${d.message} ${d.docsUrl}`)}`;
  });
  const s = summarize(result.diagnostics);
  lines.push(`chatgpt-app lint: ${plural(s.errors, "error")}, ${plural(s.warnings, "warning")} in ${result.target}`);
  return `${lines.join("\n")}\n`;
}
