import kleur from "kleur";
import { formatDuration } from "../util/log.js";
import type { CheckStatus } from "./catalog.js";
import type { DoctorReport } from "./doctor.js";

const MARK: Record<CheckStatus, () => string> = {
  pass: () => kleur.green("✔ pass"),
  fail: () => kleur.red("✖ fail"),
  warn: () => kleur.yellow("▲ warn"),
  skip: () => kleur.dim("- skip"),
};

/** `--format pretty`: one line per check, cause and fix under each failure and warning, then the summary. */
export function formatDoctorPretty(report: DoctorReport): string {
  const out = [`${kleur.bold("chatgpt-app doctor")} ${report.url}`];
  const width = Math.max(...report.checks.map((c) => c.id.length));
  // A group skipped for one reason is one line, not one per check.
  const membersOf = (group: string) => report.checks.filter((c) => c.group === group);
  const collapsed = (group: string) => {
    const members = membersOf(group);
    return members.length > 1 && members.every((c) => c.status === "skip" && c.cause === members[0]!.cause);
  };
  let group = "";
  for (const check of report.checks) {
    if (check.group !== group) {
      group = check.group;
      out.push("", kleur.bold(group));
      if (collapsed(group)) out.push(`  ${MARK.skip()}  ${kleur.dim(membersOf(group).map((c) => c.id).join(", "))}`, kleur.dim(`          ${check.cause ?? ""}`));
    }
    if (collapsed(group)) continue;
    const time = check.durationMs > 0 ? kleur.dim(`  ${formatDuration(check.durationMs)}`) : "";
    const line = `  ${MARK[check.status]()}  ${check.id.padEnd(width)}  ${check.status === "skip" ? kleur.dim(check.title) : check.title}${time}`;
    out.push(line);
    if (check.status === "pass" || !check.cause) continue;
    if (check.status === "skip") {
      out.push(kleur.dim(`          ${" ".repeat(width)}  ${check.cause}`));
      continue;
    }
    out.push(`          ${kleur.bold("cause:")} ${check.cause}`);
    for (const detail of (check.details ?? []).slice(0, 12)) out.push(`            ${kleur.dim("·")} ${detail}`);
    if ((check.details?.length ?? 0) > 12) out.push(kleur.dim(`            … and ${check.details!.length - 12} more (--format json lists them all)`));
    out.push(`          ${kleur.cyan("fix:")}   ${check.fix}`);
  }
  const s = report.summary;
  const counts = [`${s.pass} passed`, `${s.fail} failed`, `${s.warn} warned`, `${s.skip} skipped`].join(", ");
  const steps = report.steps.map((step) => `${step.name} ${formatDuration(step.durationMs)}`).join(" · ");
  const mark = report.exitCode === 2 ? kleur.red("✖ could not check") : s.fail ? kleur.red("✖") : s.warn ? kleur.yellow("▲") : kleur.green("✔");
  out.push("", `${mark} ${counts} in ${formatDuration(report.durationMs)}${steps ? kleur.dim(` (${steps})`) : ""}`);
  return `${out.join("\n")}\n`;
}

/** `--format json`: the report as it is. */
export function formatDoctorJson(report: DoctorReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
