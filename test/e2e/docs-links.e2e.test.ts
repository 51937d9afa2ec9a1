// Every link in the README and docs/ points at something: a file of the repository, and — for a
// `#fragment` — a heading of that file. A moved or renamed section fails here, not in a reader's
// browser.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const DOCS = ["README.md", ...readdirSync("docs").map((f) => path.join("docs", f))].filter((f) =>
  f.endsWith(".md"),
);

/** GitHub's heading anchors: lower-cased, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.*)$/.exec(line);
    if (heading?.[1]) {
      found.add(
        heading[1]
          .trim()
          .toLowerCase()
          .replace(/[^\p{L}\p{N}\- _]/gu, "")
          .replaceAll(" ", "-"),
      );
    }
  }
  return found;
}

describe("the README and docs/ link only to what exists", () => {
  for (const file of DOCS) {
    it(file, () => {
      const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (!target || /^(https?:|mailto:)/.test(target)) continue;
        const [where, fragment] = target.split("#");
        const resolved = where ? path.join(path.dirname(file), where) : file;
        if (!existsSync(resolved)) {
          broken.push(`${target} (no file ${resolved})`);
          continue;
        }
        if (fragment && resolved.endsWith(".md")) {
          if (!anchors(readFileSync(resolved, "utf8")).has(fragment)) {
            broken.push(`${target} (no heading #${fragment} in ${resolved})`);
          }
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
