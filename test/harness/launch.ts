import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type CDPSession, type Page, type Worker } from "playwright-core";
import { ALL_SANDBOX_HOSTNAMES } from "../sandbox/tls";
import { ensureChromium } from "./chromium";

export const CHROME_BUILD_DIR = resolve(import.meta.dirname, "../../dist/chrome");

export interface LaunchOptions {
  /** The sandbox's HTTPS port: every real hostname is mapped to 127.0.0.1:<port>. */
  sandboxPort: number;
  headless?: boolean;
  extensionDir?: string;
  /** Extra environment for Chromium, e.g. DISPLAY for a headed run under Xvfb. */
  env?: Record<string, string>;
  /**
   * Host permissions the extension already holds when the browser starts, as
   * origin patterns exactly as the product asks for them (e.g.
   * "http://127.0.0.1:41234/*"). Simulates the user having accepted Chrome's
   * permission prompt earlier, which headless Chromium cannot show (there,
   * chrome.permissions.request never resolves). See preGrantHostPermissions.
   */
  preGrantedHostPermissions?: string[];
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The current service worker (it changes after the worker is stopped and woken). */
  worker(): Promise<Worker>;
  /** Stops the extension's service worker the way Chrome's idle shutdown does. */
  stopWorker(): Promise<void>;
  page(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Flags from shared/notes/browser-testing.md: no sandbox as root, nothing that phones home on this closed network. */
function chromiumArgs(extensionDir: string, port: number): string[] {
  const rules = ALL_SANDBOX_HOSTNAMES.map((host) => `MAP ${host} 127.0.0.1:${port}`).join(", ");
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    `--host-resolver-rules=${rules}, EXCLUDE localhost`,
    "--ignore-certificate-errors",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-features=MediaRouter,OptimizationHints,Translate",
  ];
}

/** Launches Chromium with the unchanged production build in a fresh profile. */
export async function launchExtensionBrowser(options: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? CHROME_BUILD_DIR;
  const profile = mkdtempSync(join(tmpdir(), "inkwell-profile-"));
  const launchContext = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: ensureChromium(),
      headless: options.headless ?? true,
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 800 },
      ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
      args: chromiumArgs(extensionDir, options.sandboxPort),
    });
  if (options.preGrantedHostPermissions?.length) await preGrantHostPermissions(profile, launchContext, options.preGrantedHostPermissions);
  const context = await launchContext();
  const firstWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker", { timeout: 60_000 }));
  const extensionId = new URL(firstWorker.url()).host;
  let cdp: CDPSession | undefined;

  const worker = async (): Promise<Worker> => {
    const alive = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
    return alive ?? context.waitForEvent("serviceworker", { timeout: 60_000 });
  };

  return {
    context,
    extensionId,
    worker,
    async stopWorker() {
      if (!cdp) {
        const anchor = context.pages()[0] ?? (await context.newPage());
        cdp = await context.newCDPSession(anchor);
        await cdp.send("ServiceWorker.enable");
      }
      await cdp.send("ServiceWorker.stopAllWorkers");
    },
    async page(path) {
      const page = await context.newPage();
      await page.goto(path.startsWith("http") || path.startsWith("chrome") ? path : `chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Writes host-permission grants into the profile the way Chrome stores a
 * user's "Allow" on the permission prompt, before the browser that the test
 * uses starts: a first start creates the profile and registers the extension
 * (its id comes from its path, so it stays the same), then the patterns are
 * added to `extensions.settings.<id>.granted_permissions.explicit_host` (what
 * the user granted) and `active_permissions.explicit_host` (what is in effect)
 * in <profile>/Default/Preferences. After the restart, the product's own
 * permissions.contains / permissions.request find the grant (request resolves
 * true at once, with no dialog): no hook in the build.
 */
async function preGrantHostPermissions(profile: string, launchContext: () => Promise<BrowserContext>, patterns: string[]): Promise<void> {
  const first = await launchContext();
  try {
    const worker = first.serviceWorkers()[0] ?? (await first.waitForEvent("serviceworker", { timeout: 60_000 }));
    const extensionId = new URL(worker.url()).host;
    await first.close();
    const path = join(profile, "Default", "Preferences");
    const preferences = JSON.parse(readFileSync(path, "utf8")) as { extensions?: { settings?: Record<string, Record<string, unknown>> } };
    const settings = preferences.extensions?.settings?.[extensionId];
    if (!settings) throw new Error(`preGrantedHostPermissions: the profile's Preferences have no entry for the extension ${extensionId}`);
    for (const set of ["granted_permissions", "active_permissions"]) {
      const permissions = (settings[set] ??= {}) as { explicit_host?: string[] };
      permissions.explicit_host = [...new Set([...(permissions.explicit_host ?? []), ...patterns])];
    }
    writeFileSync(path, JSON.stringify(preferences));
  } finally {
    await first.close().catch(() => undefined);
  }
}
