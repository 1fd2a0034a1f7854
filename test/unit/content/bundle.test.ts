/**
 * The content script ships to every Notion tab: it must stay small and must not
 * pull in the worker's validator (valibot) through a value import of the protocol.
 */
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { CONTENT_BUILD_OPTIONS } from "../../../scripts/build";

describe("content.js", () => {
  it("is at most 15 KB minified and bundles no library", async () => {
    // The options scripts/build.ts uses for content.js, so this measures the bytes that ship.
    const result = await build({
      ...CONTENT_BUILD_OPTIONS,
      entryPoints: ["src/content/index.ts"],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "chrome120",
      minify: true,
      legalComments: "none",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    // Bytes, not UTF-16 code units: with UTF-8 literals a "…" is one character but three bytes.
    expect(result.outputFiles[0]!.contents.byteLength).toBeLessThanOrEqual(15 * 1024);
    // Its own code and the protocol's dependency-free names: never the protocol's schemas, nor any other module.
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.every((path) => path.startsWith("src/content/") || path === "src/shared/protocol/names.ts")).toBe(true);
    expect(code).not.toMatch(/valibot|webextension-polyfill|preact/i);
  });
});
