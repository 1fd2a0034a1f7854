import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * Finds a Chromium or Chrome to drive. Debian's chromium is preferred: branded
 * Google Chrome ignores --load-extension. The binary under /usr/lib is used
 * directly because /usr/bin/chromium is a wrapper script that adds flags.
 */
const CANDIDATES = [
  "/usr/lib/chromium/chromium",
  "/usr/bin/chromium",
  "/usr/lib/chromium-browser/chromium-browser",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/opt/google/chrome/chrome",
  "/usr/bin/google-chrome",
];

export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path));
}

export const INSTALL_HINT = "Install Debian's Chromium: sudo apt-get update && sudo apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary).";

/** Finds Chromium, installing Debian's package when running as root; otherwise says exactly what to install. */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    log("Chromium not found: installing Debian's chromium package (apt-get)…");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    const installed = findChromium();
    if (installed) return installed;
  }
  throw new Error(`No Chromium found. ${INSTALL_HINT}`);
}
