import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatPretty } from "./pretty.js";
import { formatSarif } from "./sarif.js";
import type { Reporter } from "./types.js";

export const REPORTERS = { pretty: formatPretty, json: formatJson, sarif: formatSarif, github: formatGithub } satisfies Record<string, Reporter>;
export type ReportFormat = keyof typeof REPORTERS;
export const REPORT_FORMATS = Object.keys(REPORTERS) as ReportFormat[];
