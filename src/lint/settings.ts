import type { RuleSetting as ConfigRuleSetting } from "../config/types.js";
import { CliError } from "../errors.js";
import type { Preset, Rule, Severity } from "./types.js";

export interface SeverityInputs {
  preset: Preset;
  /** `lint.rules` from the config file. */
  configRules?: Record<string, ConfigRuleSetting>;
  /** `--rule id=setting` from the command line; wins over the config. */
  cliRules?: Record<string, ConfigRuleSetting>;
}

function closest(id: string, rules: readonly Rule[]): string | undefined {
  const words = id.split("-");
  let best: { id: string; score: number } | undefined;
  for (const rule of rules) {
    const score = rule.id.split("-").filter((w) => words.includes(w)).length;
    if (score > 0 && (!best || score > best.score)) best = { id: rule.id, score };
  }
  return best?.id;
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
