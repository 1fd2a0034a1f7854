import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Finds a Firefox to drive: Debian's firefox-esr first. The binary under /usr/lib
 * is used directly because /usr/bin/firefox-esr is a wrapper script.
 */
const CANDIDATES = ["/usr/lib/firefox-esr/firefox-esr", "/usr/lib/firefox/firefox", "/usr/bin/firefox-esr", "/usr/bin/firefox", "/opt/firefox/firefox"];

export const FIREFOX_INSTALL_HINT =
  "Install Debian's Firefox ESR: sudo apt-get update && sudo apt-get install -y firefox-esr (or set FIREFOX_PATH to a Firefox 140+ binary).";

export function findFirefox(): string | undefined {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path));
}

/**
 * Finds Firefox, installing Debian's firefox-esr when running as root (as
 * ensureChromium does). Returns why not when it can't be had: the Firefox
 * tests are then skipped with that reason.
 */
export function ensureFirefox(log: (line: string) => void = console.log): { path: string } | { reason: string } {
  const found = findFirefox();
  if (found) return { path: found };
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) return { reason: `No Firefox found and we are not root. ${FIREFOX_INSTALL_HINT}` };
  log("Firefox not found: installing Debian's firefox-esr package (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "-qq", "firefox-esr"], { stdio: "inherit", env });
  } catch (error) {
    return { reason: `Installing firefox-esr failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)}). ${FIREFOX_INSTALL_HINT}` };
  }
  const installed = findFirefox();
  return installed ? { path: installed } : { reason: `apt-get ran but Firefox is still missing. ${FIREFOX_INSTALL_HINT}` };
}

/**
 * For test files: the Firefox binary scripts/test.ts found (FIREFOX_PATH), or
 * one found here, or why the Firefox tests are skipped (FIREFOX_SKIP_REASON,
 * set by scripts/test.ts when it could not get Firefox). Never installs.
 */
export function firefoxForTests(): { path: string } | { reason: string } {
  if (process.env.FIREFOX_SKIP_REASON) return { reason: process.env.FIREFOX_SKIP_REASON };
  const found = findFirefox();
  return found ? { path: found } : { reason: `No Firefox found. ${FIREFOX_INSTALL_HINT}` };
}
