import { REPO_URL } from "../../version.js";
import { docsUrl } from "../run-rules.js";
import type { Diagnostic, RuleLevel } from "../types.js";
import type { LintResult } from "./types.js";

const LEVEL: Record<RuleLevel, "error" | "warning" | "note" | "none"> = { error: "error", warn: "warning", info: "note", off: "none" };

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

function subjectName(d: Diagnostic): string {
  return d.subject.kind === "tool" ? d.subject.name : d.subject.kind === "resource" ? d.subject.uri : "server";
}

/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers. Every rule is
 * described with its help URI; results carry the source line when the project was linted,
 * and always a logical location (`tools/<name>`, `resources/<uri>`) plus the JSON pointer.
 */
export function formatSarif(result: LintResult): string {
  const index = new Map(result.rules.map((rule, i) => [rule.id, i]));
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "chatgpt-app",
            semanticVersion: result.version,
            version: result.version,
            informationUri: REPO_URL,
            rules: result.rules.map((rule) => ({
              id: rule.id,
              name: pascal(rule.id),
              shortDescription: { text: rule.docs.description },
              fullDescription: { text: rule.docs.why },
              help: { text: rule.docs.fix, markdown: `${rule.docs.fix}\n\n[Rule reference](${docsUrl(rule.id)})` },
              helpUri: docsUrl(rule.id),
              defaultConfiguration: { level: LEVEL[rule.severity] },
              properties: { tags: ["chatgpt-app", "mcp-apps"] },
            })),
          },
        },
        automationDetails: { id: `chatgpt-app-lint/${result.preset}/` },
        results: result.diagnostics.map((d) => {
          const logical = {
            name: subjectName(d),
            fullyQualifiedName: d.subject.kind === "server" ? "server" : `${d.subject.kind}s/${subjectName(d)}`,
            kind: d.subject.kind === "tool" ? "function" : "object",
          };
          const location = d.source
            ? {
                physicalLocation: {
                  artifactLocation: { uri: d.source.file.split("\\").join("/"), uriBaseId: "%SRCROOT%" },
                  region: { startLine: d.source.line, startColumn: d.source.column },
                },
                logicalLocations: [logical],
              }
            : { logicalLocations: [logical] };
          return {
            ruleId: d.ruleId,
            ruleIndex: index.get(d.ruleId) ?? -1,
            level: LEVEL[d.severity],
            message: { text: d.message },
            locations: [location],
            partialFingerprints: { "chatgptAppSubject/v1": `${d.ruleId}:${logical.fullyQualifiedName}:${d.pointer}` },
            properties: { pointer: d.pointer, target: result.target },
          };
        }),
        columnKind: "unicodeCodePoints",
        ...(result.diagnostics.some((d) => d.source) ? { originalUriBaseIds: { "%SRCROOT%": { description: { text: "The project folder" } } } } : {}),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
