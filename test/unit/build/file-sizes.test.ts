import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { countLines, MAX_LINES, reasonFor, sourceSizes, staleReasons, unexplainedLongFiles } from "../../../scripts/file-sizes";

const lines = (count: number, first = "") => [first, ...Array.from({ length: count - 1 }, (_, index) => `export const value${index} = ${index};`)].join("\n") + "\n";

describe("file sizes", () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  /** A made-up tree under <tmp>/src: path → text. */
  function tree(files: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), "inkwell-sizes-"));
    roots.push(root);
    for (const [path, text] of Object.entries(files)) {
      const full = join(root, "src", path);
      mkdirSync(join(full, ".."), { recursive: true });
      writeFileSync(full, text);
    }
    return join(root, "src");
  }

  it("keeps every file in src/ at most 300 lines, or has it say why", () => {
    const sizes = sourceSizes(join(import.meta.dirname, "../../../src"));
    expect(sizes.length).toBeGreaterThan(100);
    expect(unexplainedLongFiles(sizes).map((size) => `${size.path} (${size.lines} lines)`)).toEqual([]);
    expect(staleReasons(sizes).map((size) => `${size.path} (${size.lines} lines)`)).toEqual([]);
  });

  it("reports a long file without a reason, in any folder, and not one at the limit", () => {
    const src = tree({
      "core/long.ts": lines(MAX_LINES + 1),
      "ui/deep/Long.tsx": lines(MAX_LINES + 40),
      "core/at-limit.ts": lines(MAX_LINES),
      "core/notes.md": lines(MAX_LINES + 10),
    });
    const sizes = sourceSizes(src);
    expect(sizes.map((size) => size.path)).toEqual(["src/core/at-limit.ts", "src/core/long.ts", "src/ui/deep/Long.tsx"]);
    expect(unexplainedLongFiles(sizes).map((size) => [size.path, size.lines])).toEqual([
      ["src/core/long.ts", MAX_LINES + 1],
      ["src/ui/deep/Long.tsx", MAX_LINES + 40],
    ]);
  });

  it("accepts a long file that says why in a comment, but not a bare marker or the words outside a comment", () => {
    const src = tree({
      "explained.ts": lines(MAX_LINES + 5, "// Over 300 lines because its cases form one table that reads best whole."),
      "in-doc.ts": lines(MAX_LINES + 5, "/**\n * Over 300 lines because the parser's states share one loop and its locals.\n */"),
      "bare.ts": lines(MAX_LINES + 5, "// Over 300 lines because"),
      "in-string.ts": lines(MAX_LINES + 5, 'export const text = "Over 300 lines because it is long and that is that";'),
    });
    const sizes = sourceSizes(src);
    expect(unexplainedLongFiles(sizes).map((size) => size.path)).toEqual(["src/bare.ts", "src/in-string.ts"]);
    expect(sizes.find((size) => size.path === "src/explained.ts")?.reason).toBe("its cases form one table that reads best whole.");
  });

  it("reports a reason left on a file that is no longer long", () => {
    const src = tree({ "shrunk.ts": lines(40, "// Over 300 lines because it once held the whole scheduler and its helpers.") });
    expect(staleReasons(sourceSizes(src)).map((size) => size.path)).toEqual(["src/shrunk.ts"]);
  });

  it("counts lines as wc -l does, with or without a final newline", () => {
    expect(countLines("")).toBe(0);
    expect(countLines("a\n")).toBe(1);
    expect(countLines("a\nb")).toBe(2);
    expect(countLines("a\nb\n")).toBe(2);
    expect(reasonFor("// Over 300 lines because x")).toBeUndefined();
  });
});
