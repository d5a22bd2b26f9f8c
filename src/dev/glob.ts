const SPECIAL = /[.+^$()|[\]\\]/g;

function globBody(glob: string): string {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*" && glob[i + 1] === "*") {
      // `**/` is any number of folders (none included); a bare `**` is anything.
      if (glob[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*") {
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "{" && glob.indexOf("}", i) > i) {
      const end = glob.indexOf("}", i);
      out += `(?:${glob.slice(i + 1, end).split(",").map(globBody).join("|")})`;
      i = end;
    } else {
      out += c.replace(SPECIAL, "\\$&");
    }
  }
  return out;
}

/** A glob (`**`, `*`, `?`, `{a,b}`) as a RegExp over `/`-separated paths relative to the project. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globBody(glob.replace(/^\.\//, ""))}$`);
}

/** True when the relative path matches any of the globs. */
export function matchesAnyGlob(path: string, globs: readonly RegExp[]): boolean {
  const normalized = path.split("\\").join("/");
  return globs.some((glob) => glob.test(normalized));
}
