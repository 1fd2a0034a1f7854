/**
 * `npm test`: every test, on a fresh machine. Finds (or, as root, installs)
 * Chromium and Firefox ESR, builds the production extension that the e2e tests
 * load unchanged, runs the unit, contract and e2e projects (Chromium and
 * Firefox), and ends with one line "N passed, N failed".
 *
 * Pass vitest filters through: `npm test -- test/unit/core`, or
 * `npm test -- firefox` for exactly the Firefox end-to-end tests.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureChromium, INSTALL_HINT } from "../test/harness/chromium";
import { ensureXTools } from "../test/harness/display";
import { ensureFirefox } from "../test/harness/firefox";

const root = join(import.meta.dirname, "..");
const reportPath = join(root, "test-results", "vitest.json");

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  return result.status ?? 1;
}

try {
  const chromiumPath = ensureChromium();
  process.env.CHROMIUM_PATH = chromiumPath;
  console.log(`Using Chromium at ${chromiumPath}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  console.error(`The e2e tests need Chromium. ${INSTALL_HINT}`);
  console.log("0 passed, 1 failed");
  process.exit(1);
}

// The e2e test that presses a real key chord (the extension's keyboard command) needs Xvfb and xdotool; installed like Chromium when root.
const xTools = ensureXTools();
if ("reason" in xTools) console.warn(`The real-keyboard e2e test will be skipped: ${xTools.reason}`);

// The Firefox e2e tests (test/e2e/firefox) need Firefox ESR; installed like Chromium when root, else skipped with the reason.
const firefox = ensureFirefox();
if ("path" in firefox) {
  process.env.FIREFOX_PATH = firefox.path;
  console.log(`Using Firefox at ${firefox.path}`);
} else {
  process.env.FIREFOX_SKIP_REASON = firefox.reason;
  console.warn(`The Firefox end-to-end tests will be skipped: ${firefox.reason}`);
}

if (run("npx", ["tsx", "scripts/build.ts"]) !== 0) {
  console.log("0 passed, 1 failed");
  process.exit(1);
}

mkdirSync(join(root, "test-results"), { recursive: true });
rmSync(reportPath, { force: true });
const filters = process.argv.slice(2);
const status = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportPath}`, ...filters]);

let passed = 0;
let failed: number;
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTestSuites: number;
    testResults: { status: string; message?: string }[];
  };
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  // A file that fails to load has no tests in it but is still a failure.
  failed += report.testResults.filter((file) => file.status === "failed" && file.message).length;
} else {
  failed = 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
