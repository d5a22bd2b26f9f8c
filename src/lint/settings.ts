import type { RuleSetting } from "../config/types.js";
import { CliError } from "../errors.js";
import type { Preset, Rule, Severity } from "./types.js";

export interface SeverityInputs {
  preset: Preset;
  /** `lint.rules` from the config file. */
  configRules?: Record<string, RuleSetting>;
  /** `--rule id=setting` from the command line; wins over the config. */
  cliRules?: Record<string, RuleSetting>;
}

/** Levenshtein distance: how many single-character edits turn one id into the other. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The rule id a typo most likely meant: the only one it begins, else the nearest by edit distance, if near enough. */
function closest(id: string, rules: readonly Rule[]): string | undefined {
  const typed = id.toLowerCase();
  const extending = rules.filter((rule) => rule.id.startsWith(typed));
  if (typed.length >= 4 && extending.length === 1) return extending[0]!.id;
  let best: { id: string; distance: number } | undefined;
  for (const rule of rules) {
    const distance = editDistance(typed, rule.id);
    if (!best || distance < best.distance) best = { id: rule.id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(id.length / 3)) ? best.id : undefined;
}

function checkIds(settings: Record<string, unknown>, rules: readonly Rule[], where: string): void {
  const known = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(settings)) {
    if (known.has(id)) continue;
    const guess = closest(id, rules);
    throw new CliError("config_invalid", `${where}: there is no lint rule "${id}".`, {
      hint: guess ? `Did you mean "${guess}"? \`chatgpt-app lint --list-rules\` lists them all.` : "`chatgpt-app lint --list-rules` lists every rule.",
    });
  }
}

/** Each rule's effective severity: the preset's default, then the config, then the command line. Off rules are absent. */
export function resolveSeverities(rules: readonly Rule[], inputs: SeverityInputs): Map<string, Severity> {
  checkIds(inputs.configRules ?? {}, rules, "lint.rules in the config");
  checkIds(inputs.cliRules ?? {}, rules, "--rule");
  const out = new Map<string, Severity>();
  for (const rule of rules) {
    const preset = inputs.preset === "submission" ? (rule.submission ?? rule.severity) : rule.severity;
    const setting = inputs.cliRules?.[rule.id] ?? inputs.configRules?.[rule.id] ?? preset;
    if (setting !== "off") out.set(rule.id, setting as Severity);
  }
  return out;
}
