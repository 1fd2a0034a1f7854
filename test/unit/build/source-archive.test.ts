import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFiles } from "../../../scripts/build";

const root = join(import.meta.dirname, "../../..");

describe("the source archive for addons.mozilla.org", () => {
  it("holds what git tracks, BUILDING.md and the lockfile among it, and never an untracked file, node_modules or build output", () => {
    // An untracked file that .gitignore doesn't name, as a stray key file would be.
    const stray = `.env.local-source-archive-test-${process.pid}`;
    writeFileSync(join(root, stray), "GEMINI_KEY=not-for-the-store\n");
    try {
      const files = sourceFiles();
      expect(files).toEqual(expect.arrayContaining(["BUILDING.md", "package.json", "package-lock.json", "manifest.json", "scripts/build.ts", "src/background/index.ts"]));
      expect(files).not.toContain(stray);
      expect(files.filter((path) => /^(node_modules|dist|artifacts|test-results|\.git)\//.test(path))).toEqual([]);
    } finally {
      rmSync(join(root, stray), { force: true });
    }
  });
});
