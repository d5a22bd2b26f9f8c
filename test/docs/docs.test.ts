import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../helpers/project.js";

/** Every Markdown page a reader follows links through: the README, CONTRIBUTING and docs/. */
function markdownPages(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : []));
  return [join(REPO_ROOT, "README.md"), join(REPO_ROOT, "CONTRIBUTING.md"), ...walk(join(REPO_ROOT, "docs"))];
}

/** Markdown without fenced code blocks, code spans and escaped characters: what is left can hold links. */
function prose(markdown: string): string {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, "")
    .replace(/\\./g, "")
    .replace(/`[^`\n]*`/g, "code");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function headingAnchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const line of markdown.replace(/^```[\s\S]*?^```/gm, "").split("\n")) {
    const match = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const text = match[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1");
    const slug = text.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The relative links of a page that do not resolve: a missing file, or an anchor with no heading. */
export function brokenLinks(page: string, markdown: string, read: (path: string) => string | undefined): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(markdown).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target!)) continue; // https:, mailto:
    const [path, anchor] = target!.split("#") as [string, string | undefined];
    const file = path === "" ? page : resolve(dirname(page), decodeURI(path));
    const text = read(file);
    if (text === undefined) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor !== undefined && !(file.endsWith(".md") && headingAnchors(text).has(anchor))) broken.push(`${target}: no such heading`);
  }
  return broken;
}

const readIfThere = (path: string): string | undefined => {
  if (!existsSync(path)) return undefined;
  return statSync(path).isDirectory() ? "" : readFileSync(path, "utf8");
};

/** Names of files outside this repository that nothing in it may point at (spelled in parts so this file does not match). */
const OUTSIDE = new RegExp(
  [String.raw`\.\./` + "shared", String.raw`\b(?:PLATFORM|DESIGN|STYLE)(?:\.md\b|\s*§)`].join("|"),
);

/** Every file git would commit: tracked, plus new files that are not ignored. */
function repoFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  return [...new Set(out.split("\0").filter(Boolean))].filter((f) => existsSync(join(REPO_ROOT, f)));
}

describe("the docs", () => {
  test("the README stays short: at most 200 lines", () => {
    const lines = readFileSync(join(REPO_ROOT, "README.md"), "utf8").trimEnd().split("\n").length;
    assert.ok(lines <= 200, `README.md has ${lines} lines`);
  });

  test("every relative link in the README, CONTRIBUTING and docs/ resolves, anchors included", () => {
    const broken = markdownPages().flatMap((page) =>
      brokenLinks(page, readFileSync(page, "utf8"), readIfThere).map((problem) => `${relative(REPO_ROOT, page)}: ${problem}`),
    );
    assert.deepEqual(broken, []);
  });

  test("the README links into docs/: every command page, config, the app contract and the rules", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    for (const page of ["init", "dev", "lint", "build", "start", "config", "app", "widget-runtime", "deploy", "testing", "platform", "architecture"]) {
      assert.ok(readme.includes(`](docs/${page}.md`), `README links to docs/${page}.md`);
    }
    assert.ok(readme.includes("](docs/rules/)"), "README links to docs/rules/");
  });

  test("no file in the repository points at files outside it", () => {
    const offenders = repoFiles().flatMap((file) => {
      const buffer = readFileSync(join(REPO_ROOT, file));
      if (buffer.includes(0)) return []; // binary
      return buffer
        .toString("utf8")
        .split("\n")
        .flatMap((line, i) => (OUTSIDE.test(line) ? [`${file}:${i + 1}: ${line.trim().slice(0, 120)}`] : []));
    });
    assert.deepEqual(offenders, []);
  });
});

describe("the docs checks themselves", () => {
  const page = join(REPO_ROOT, "docs", "example.md");
  const files: Record<string, string> = { [join(REPO_ROOT, "docs", "other.md")]: "# Other page\n\n## The `dev` flags (all)\n\n## Notes\n\n## Notes\n" };
  const read = (path: string) => files[path];

  test("a missing file, a missing heading and a missing anchor in the same page are found", () => {
    const markdown = "[a](other.md) [b](other.md#the-dev-flags-all) [c](other.md#notes-1) [d](gone.md) [e](other.md#nope) [f](#here)\n\n# Here\n";
    files[page] = markdown;
    assert.deepEqual(brokenLinks(page, markdown, read), ["gone.md: no such file", "other.md#nope: no such heading"]);
    assert.deepEqual(brokenLinks(page, "[x](#elsewhere)\n# Here\n", read), ["#elsewhere: no such heading"]);
  });

  test("links inside code and absolute URLs are not checked", () => {
    assert.deepEqual(brokenLinks(page, "`[a](gone.md)`\n\n```md\n[b](gone.md)\n```\n[c](https://example.com/gone.md)\n", read), []);
  });

  test("a pointer outside the repository is caught", () => {
    assert.ok(OUTSIDE.test(`see ${["..", "shared", "X.md"].join("/")}`));
    assert.ok(OUTSIDE.test(`(${"PLATFORM"}.md §2.1)`));
    assert.ok(OUTSIDE.test(`(${"DESIGN"} §5)`));
    assert.ok(!OUTSIDE.test("a design doc, the platform notes and the style of the code"));
  });
});
