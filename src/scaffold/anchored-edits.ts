/**
 * Small, declarative changes to a template file, placed by an exact anchor line instead of
 * carrying a whole modified copy of the file (which drifts each time the template changes).
 */
export interface AnchoredEdit {
  /** Project path of the file the edit changes, `/`-separated. */
  file: string;
  /** A whole line of the file, exactly as written (indentation too); it must occur exactly once. */
  anchor: string;
  /** Where `lines` go: after the anchor line, before it, or in its place. */
  at: "after" | "before" | "replace";
  lines: readonly string[];
}

/**
 * `text` (the file at `path`) with each of `edits` meant for it applied in order. An anchor that
 * is not in the file exactly once means the edits no longer fit the template: that is a bug in
 * chatgpt-app, reported as such before anything is written, never a silently wrong project.
 */
export function applyEdits(path: string, text: string, edits: readonly AnchoredEdit[]): string {
  const newline = text.includes("\r\n") ? "\r\n" : "\n";
  let lines = text.split(/\r?\n/);
  for (const edit of edits) {
    if (edit.file !== path) continue;
    const at = lines.flatMap((line, index) => (line === edit.anchor ? [index] : []));
    if (at.length !== 1) {
      throw new Error(
        `The sign-in edit to ${path} expects the line ${JSON.stringify(edit.anchor)} exactly once, but the template has it ${at.length} times. ` +
          "The template and its overlay's edits have drifted apart: this is a bug in chatgpt-app.",
      );
    }
    const index = at[0]!;
    const start = edit.at === "after" ? index + 1 : index;
    lines = [...lines.slice(0, start), ...edit.lines, ...lines.slice(edit.at === "replace" ? index + 1 : start)];
  }
  return lines.join(newline);
}

/** The files `edits` change, each once, in order. */
export function editedFiles(edits: readonly AnchoredEdit[]): string[] {
  return [...new Set(edits.map((e) => e.file))];
}
