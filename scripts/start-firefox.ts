/**
 * `npm start -- --firefox`: the sandbox demo in Firefox ESR, with the unchanged
 * dist/firefox installed as a temporary add-on (see test/harness/firefox-launch.ts),
 * configured through its own popup and taken through the same tour as in
 * Chromium: a page connection on "Blank page", then "Blog topics".
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureFirefox } from "../test/harness/firefox";
import { launchFirefoxExtension } from "../test/harness/firefox-launch";
import { ANTHROPIC_DEMO_KEY } from "../test/sandbox/ai/anthropic";
import { REALISTIC_TIMING } from "../test/sandbox/ai/timing";
import { DEMO_NOTION_TOKEN, GEMINI_DEMO_KEY, notionWebUrl, seedDemoWorkspace } from "../test/sandbox/demo-workspace";
import { startSandbox } from "../test/sandbox/server";
import { createDatabaseConnection, createPageConnection, generateAndWait, puppeteerUi, saveSettings } from "../test/e2e/flows";
import { buildAll } from "./build";

export interface FirefoxDemoOptions {
  headless: boolean;
  port: number;
  tour: boolean;
  screenshotsDir: string;
}

export async function startFirefoxDemo(options: FirefoxDemoOptions): Promise<void> {
  const firefox = ensureFirefox();
  if ("reason" in firefox) throw new Error(firefox.reason);
  await buildAll();

  const sandbox = await startSandbox({ port: options.port, gemini: { timing: REALISTIC_TIMING }, openai: { timing: REALISTIC_TIMING } });
  const demo = seedDemoWorkspace(sandbox);
  console.log(`Sandbox listening on https://127.0.0.1:${sandbox.port}; Firefox reaches it at the real hostnames through a PAC file and a local proxy.`);
  const browser = await launchFirefoxExtension({ executablePath: firefox.path, sandboxPort: sandbox.port, headless: options.headless });
  const stop = async () => {
    await browser.close();
    await sandbox.close();
  };

  try {
    const popup = puppeteerUi(await browser.page("popup.html"), browser.reload);
    await popup.page.setViewport({ width: 420, height: 720 });
    await saveSettings(popup, "gemini", GEMINI_DEMO_KEY);
    const urls = {
      home: notionWebUrl("Inkwell demo", demo.homePageId),
      blankPage: notionWebUrl("Blank page", demo.blankPageId),
      topics: notionWebUrl("Blog topics", demo.topics.databaseId),
    };
    const notionPage = await browser.page(urls.home);
    console.log(`
Inkwell is loaded in Firefox (${browser.origin}) and configured with demo keys:
  Gemini key       ${GEMINI_DEMO_KEY}
  Notion secret    ${DEMO_NOTION_TOKEN}   (integration “Inkwell Demo”)
Other engines to try in Settings:
  Claude key       ${ANTHROPIC_DEMO_KEY}
  Local server     ${sandbox.localAi.baseUrl}   (OpenAI-compatible, LM Studio-like; Check server asks to allow it)
Demo workspace:
  Blank page            ${urls.blankPage}
  Blog topics database  ${urls.topics}
Popup: ${browser.origin}/popup.html`);

    // The popup's tab in front: Puppeteer's fill waits for animation frames, which a background tab doesn't get.
    await popup.page.bringToFront();
    if (options.tour) {
      console.log("\nTour: generating into “Blank page”, then filling the ticked rows of “Blog topics”…");
      await createPageConnection(
        popup,
        "Launch plan",
        urls.blankPage,
        "Write a one-page launch plan for a small productivity app, with goals, a timeline table and a checklist.",
      );
      console.log(`Page generation: ${await generateAndWait(popup, /^(Done|Partial|Cancelled)|failed/i, 120_000)}`);
      await createDatabaseConnection(popup, "Blog posts", urls.topics, "Write a short blog post titled “{{title}}” for {{Audience}}.", /Write a short blog post/);
      console.log(`Database generation: ${await generateAndWait(popup, /^(Done|Cancelled)|failed/i, 180_000)}`);
      await browser.navigate(notionPage, urls.blankPage);
    }

    if (options.headless) {
      mkdirSync(options.screenshotsDir, { recursive: true });
      const shots = { popup: join(options.screenshotsDir, "firefox-popup.png"), page: join(options.screenshotsDir, "firefox-notion-page.png") } as const;
      await popup.page.screenshot({ path: shots.popup as `${string}.png`, fullPage: true });
      await notionPage.screenshot({ path: shots.page as `${string}.png`, fullPage: true });
      console.log(`\nHeadless run (no display or --headless). Screenshots:\n  ${Object.values(shots).join("\n  ")}`);
      await stop();
      return;
    }
  } catch (error) {
    await stop();
    throw error;
  }

  console.log("\nFirefox stays open; press Ctrl+C here to stop the demo.");
  const quit = () => void stop().then(() => process.exit(0));
  process.once("SIGINT", quit);
  process.once("SIGTERM", quit);
  browser.browser.once("disconnected", quit);
}
