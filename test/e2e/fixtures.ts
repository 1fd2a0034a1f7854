import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { launchExtensionBrowser, type ExtensionBrowser, type LaunchOptions } from "../harness/launch";
import { seedDemoWorkspace, type DemoWorkspace } from "../sandbox/demo-workspace";
import { startSandbox, type Sandbox, type SandboxOptions } from "../sandbox/server";

export const ARTIFACTS_DIR = resolve(import.meta.dirname, "../../artifacts/e2e");

export interface ExtensionTest {
  sandbox: Sandbox;
  demo: DemoWorkspace;
  browser: ExtensionBrowser;
  /** The popup, opened as a tab (its own active tab: see shared/notes/browser-testing.md). */
  openPopup(): Promise<Page>;
  openOptions(): Promise<Page>;
  /** A tab on the fake Notion web app at a real Notion URL. */
  openNotion(url: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
}

/**
 * Per-file fixture: a fresh sandbox seeded with the demo workspace, and
 * Chromium with the unchanged production build in a fresh profile. Call at the
 * top of a describe block; the returned getter is valid inside tests.
 * `launch` is read when the browser starts (after earlier beforeAll hooks), so
 * it can name something those hooks set up, such as a virtual display. It
 * gets the started sandbox, e.g. for `preGrantedHostPermissions` naming the
 * local model server's origin (its port is only known once it listens).
 */
export function useExtensionTest(options: SandboxOptions = {}, launch: (sandbox: Sandbox) => Omit<LaunchOptions, "sandboxPort"> = () => ({})): () => ExtensionTest {
  let context: ExtensionTest | undefined;

  beforeAll(async () => {
    const sandbox = await startSandbox(options);
    const demo = seedDemoWorkspace(sandbox);
    const browser = await launchExtensionBrowser({ ...launch(sandbox), sandboxPort: sandbox.port });
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    context = {
      sandbox,
      demo,
      browser,
      openPopup: () => browser.page("popup.html"),
      openOptions: () => browser.page("options.html"),
      async openNotion(url) {
        const page = await browser.context.newPage();
        await page.goto(url);
        return page;
      },
      async screenshot(page, name) {
        const path = join(ARTIFACTS_DIR, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
    };
  });

  afterAll(async () => {
    await context?.browser.close();
    await context?.sandbox.close();
  });

  return () => {
    if (!context) throw new Error("useExtensionTest: the fixture is only available inside tests");
    return context;
  };
}
