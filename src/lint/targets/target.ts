import type { LintRun } from "../lint-run.js";
import type { DiagnosticSubject, LintSnapshot, SourceLocation } from "../types.js";

/** What every target gives the lint command. */
export interface CollectedTarget {
  snapshot: LintSnapshot;
  /**
   * Where a tool or resource is registered in the project's source (the project target only);
   * with a finding's pointer, the config key that wrote that metadata, when config did.
   */
  locate?: (subject: DiagnosticSubject, pointer?: string) => SourceLocation | undefined;
}

export interface TargetOptions {
  /** The deadline and limits everything (start, connect, list, read) happens within. */
  run: LintRun;
  /** Where the user is, to name the target from there (default: the process's working folder). */
  here?: string;
}
