/**
 * Keeps modules small: a source file over MAX_LINES lines must say why, in a
 * comment such as `// Over 300 lines because <reason>`. Run directly
 * (`npx tsx scripts/file-sizes.ts`) it lists every file in src/ with its line
 * count and fails on those over the limit without a reason; the unit test
 * test/unit/build/file-sizes.test.ts runs the same check.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const MAX_LINES = 300;

/** The reason a long file gives: a comment line "Over 300 lines because …" with at least a few words after it. */
const REASON = /^[ \t]*(?:\/\/|\/?\*+)[ \t]*Over 300 lines because[ \t]+(\S.{15,})$/m;

export interface FileSize {
  /** Path relative to the scanned root's parent, with forward slashes (e.g. src/core/usage.ts). */
  path: string;
  lines: number;
  /** The file's stated reason for its length, when it gives one. */
  reason?: string;
}

export function countLines(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

export function reasonFor(text: string): string | undefined {
  return REASON.exec(text)?.[1]?.trim();
}

/** Every .ts/.tsx file under `dir`, with its size and stated reason. */
export function sourceSizes(dir: string, base = join(dir, "..")): FileSize[] {
  const sizes: FileSize[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sizes.push(...sourceSizes(path, base));
    else if (/\.tsx?$/.test(entry.name)) {
      const text = readFileSync(path, "utf8");
      const reason = reasonFor(text);
      sizes.push({ path: relative(base, path).split("\\").join("/"), lines: countLines(text), ...(reason ? { reason } : {}) });
    }
  }
  return sizes.sort((a, b) => a.path.localeCompare(b.path));
}

/** The files over `limit` lines that don't say why. */
export function unexplainedLongFiles(sizes: readonly FileSize[], limit = MAX_LINES): FileSize[] {
  return sizes.filter((size) => size.lines > limit && size.reason === undefined);
}

/** The files that give a reason for a length they no longer have: the comment has become untrue. */
export function staleReasons(sizes: readonly FileSize[], limit = MAX_LINES): FileSize[] {
  return sizes.filter((size) => size.lines <= limit && size.reason !== undefined);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = sourceSizes(join(fileURLToPath(new URL("..", import.meta.url)), "src"));
  for (const size of sizes.filter((entry) => entry.lines > MAX_LINES)) console.log(`${String(size.lines).padStart(5)}  ${size.path}  ${size.reason ? `(${size.reason})` : "NO REASON GIVEN"}`);
  const unexplained = unexplainedLongFiles(sizes);
  const stale = staleReasons(sizes);
  for (const size of stale) console.log(`${String(size.lines).padStart(5)}  ${size.path}  STALE: says it is over ${MAX_LINES} lines`);
  if (unexplained.length > 0) console.error(`\n${unexplained.length} file(s) in src/ over ${MAX_LINES} lines without a "// Over ${MAX_LINES} lines because …" comment.`);
  if (stale.length > 0) console.error(`\n${stale.length} file(s) in src/ explain a length they no longer have: remove the comment.`);
  if (unexplained.length > 0 || stale.length > 0) process.exitCode = 1;
  else console.log(`Every file in src/ is at most ${MAX_LINES} lines or says why.`);
}
