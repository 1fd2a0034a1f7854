/**
 * Bundles client/app.ts for the browser with esbuild (a dev dependency), once per
 * process. Keeping the client in TypeScript means tsc and eslint check it like the
 * rest of the sandbox, instead of it living in an unchecked string.
 */
import { buildSync } from "esbuild";
import { fileURLToPath } from "node:url";

let bundled: string | undefined;

export function clientScript(): string {
  if (bundled === undefined) {
    const result = buildSync({
      entryPoints: [fileURLToPath(new URL("./client/app.ts", import.meta.url))],
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "chrome110",
      write: false,
      logLevel: "silent",
    });
    bundled = result.outputFiles[0]?.text ?? "";
  }
  return bundled;
}
