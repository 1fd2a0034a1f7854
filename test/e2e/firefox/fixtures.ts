import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { afterAll, beforeAll, describe } from "vitest";
import { firefoxForTests } from "../../harness/firefox";
import { launchFirefoxExtension, type FirefoxExtensionBrowser } from "../../harness/firefox-launch";
import { seedDemoWorkspace, type DemoWorkspace } from "../../sandbox/demo-workspace";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../sandbox/server";
import { ARTIFACTS_DIR } from "../fixtures";
import { puppeteerUi, type Ui } from "../flows";

export interface FirefoxTest {
  sandbox: Sandbox;
  demo: DemoWorkspace;
  firefox: FirefoxExtensionBrowser;
  /** The popup, opened as a tab, with the shared flow driver. */
  openPopup(): Promise<Ui<Page>>;
  /** The options page, at a section given as its hash (e.g. "#settings"). */
  openOptions(hash?: string): Promise<Ui<Page>>;
  /** A tab on the fake Notion web app at a real Notion URL (the content script runs there). */
  openNotion(url: string): Promise<Page>;
  /** Stops the background page the way Firefox's idle shutdown does. */
  stopBackground(): Promise<void>;
  screenshot(page: Page, name: string): Promise<string>;
}

const firefox = firefoxForTests();
if ("reason" in firefox) console.warn(`Skipping the Firefox end-to-end tests: ${firefox.reason}`);

/** describe(), or describe.skip() with the reason printed once when Firefox can't be had (scripts/test.ts installs it as root). */
export const describeInFirefox = "reason" in firefox ? describe.skip : describe;

/**
 * Per-file fixture, the Firefox twin of useExtensionTest: a fresh sandbox
 * seeded with the demo workspace, and one Firefox ESR (headless, fresh
 * profile) with the unchanged dist/firefox installed as a temporary add-on.
 * Call at the top of a describeInFirefox block.
 */
export function useFirefoxTest(options: SandboxOptions = {}): () => FirefoxTest {
  let context: FirefoxTest | undefined;

  beforeAll(async () => {
    if (!("path" in firefox)) return;
    const sandbox = await startSandbox(options);
    const demo = seedDemoWorkspace(sandbox);
    let browser: FirefoxExtensionBrowser;
    try {
      browser = await launchFirefoxExtension({ executablePath: firefox.path, sandboxPort: sandbox.port });
    } catch (error) {
      await sandbox.close();
      throw error;
    }
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    context = {
      sandbox,
      demo,
      firefox: browser,
      openPopup: async () => puppeteerUi(await browser.page("popup.html"), browser.reload),
      openOptions: async (hash = "") => puppeteerUi(await browser.page(`options.html${hash}`), browser.reload),
      openNotion: (url) => browser.page(url),
      stopBackground: () => browser.stopBackground(),
      async screenshot(page, name) {
        const path = join(ARTIFACTS_DIR, `firefox-${name}.png`) as `${string}.png`;
        await page.screenshot({ path, fullPage: true });
        return path;
      },
    };
  });

  afterAll(async () => {
    await context?.firefox.close();
    await context?.sandbox.close();
  });

  return () => {
    if (!context) throw new Error("useFirefoxTest: the fixture is only available inside tests");
    return context;
  };
}
