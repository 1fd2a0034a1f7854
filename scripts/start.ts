/**
 * `npm start`: the sandbox demo. Builds the extension, starts the local
 * Notion/Gemini/OpenAI sandbox seeded with a demo workspace, and opens
 * Chromium with the production build, configured through its own popup with
 * demo keys, the way a person would.
 *
 *   npm start                 a visible browser when there is a display
 *   npm start -- --headless   headless: writes screenshots and says where
 *   npm start -- --port 8443  a fixed sandbox port
 *   npm start -- --no-tour    only configure; don't run the scripted generations
 *   npm start -- --firefox    the same demo in Firefox ESR (installed with apt-get when root and missing)
 *
 * The tour does what a person would: a page connection on "Blank page", then a
 * database connection on "Blog topics" that fills its ticked rows, then typed
 * autofill of "Customer feedback" (Summary, Tags, Sentiment, Score, Due from
 * each row's notes) and "Summarise this page" at the top of "Meeting notes".
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { ensureChromium } from "../test/harness/chromium";
import { launchExtensionBrowser } from "../test/harness/launch";
import { ANTHROPIC_DEMO_KEY } from "../test/sandbox/ai/anthropic";
import { REALISTIC_TIMING } from "../test/sandbox/ai/timing";
import { DEMO_NOTION_TOKEN, DEMO_PERSON_NAME, DEMO_PERSONAL_TOKEN, GEMINI_DEMO_KEY, notionWebUrl, seedDemoWorkspace } from "../test/sandbox/demo-workspace";
import { startSandbox } from "../test/sandbox/server";
import { createDatabaseConnection, createPageConnection, generateAndWait, playwrightUi } from "../test/e2e/flows";
import { answerTypedRows, createTypedConnection, setPagePlacement } from "../test/e2e/typed-flows";
import { buildAll } from "./build";
import { startFirefoxDemo } from "./start-firefox";

const args = process.argv.slice(2);
const headless = args.includes("--headless") || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const portArg = args.indexOf("--port");
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const tour = !args.includes("--no-tour");
const screenshotsDir = resolve(import.meta.dirname, "../artifacts/demo");

async function configureThroughPopup(popup: Page): Promise<void> {
  await popup.getByLabel("Engine", { exact: true }).selectOption("gemini");
  await popup.getByLabel("Gemini API key").fill(GEMINI_DEMO_KEY);
  await popup.getByLabel("Notion token").fill(DEMO_NOTION_TOKEN);
  await popup.getByRole("button", { name: "Save" }).click();
  await popup.locator("#settings-status").filter({ hasText: "Saved" }).waitFor();
  await popup.getByRole("button", { name: "Test" }).first().click();
  await popup.locator("#notion-check-result.ok").waitFor({ timeout: 20_000 });
}

/**
 * Points the mirror at the demo's connections database the way a user would:
 * it was made by hand and lacks Inkwell's two bookkeeping columns, so Inkwell
 * lists them and adds them only after the "Add these columns" consent.
 */
async function connectMirror(popup: Page, connectionsUrl: string): Promise<void> {
  await popup.getByRole("tab", { name: "Settings" }).click();
  await popup.locator("#mirror-existing").fill(connectionsUrl);
  await popup.locator("#mirror-connect").click();
  const addColumns = popup.locator("#mirror-add-columns");
  const mirroring = popup.locator("#mirror-status").filter({ hasText: /Mirroring/ });
  await addColumns.or(mirroring).first().waitFor({ timeout: 20_000 });
  if (await addColumns.isVisible()) await addColumns.click();
  await mirroring.waitFor({ timeout: 20_000 });
}

async function main(): Promise<void> {
  const chromiumPath = ensureChromium();
  process.env.CHROMIUM_PATH = chromiumPath;
  await buildAll();

  const sandbox = await startSandbox({ port, gemini: { timing: REALISTIC_TIMING }, openai: { timing: REALISTIC_TIMING } });
  const demo = seedDemoWorkspace(sandbox);
  console.log(`Sandbox listening on https://127.0.0.1:${sandbox.port} for api.notion.com, www.notion.so, app.notion.com, the Gemini, OpenAI and Claude APIs.`);

  const browser = await launchExtensionBrowser({ sandboxPort: sandbox.port, headless });
  const popup = await browser.page("popup.html");
  await popup.setViewportSize({ width: 420, height: 720 });
  await configureThroughPopup(popup);

  const notionPage = await browser.context.newPage();
  await notionPage.goto(notionWebUrl("Inkwell demo", demo.homePageId));
  await notionPage.locator(".notion-frame").waitFor();

  const urls = {
    blankPage: notionWebUrl("Blank page", demo.blankPageId),
    topics: notionWebUrl("Blog topics", demo.topics.databaseId),
    connections: notionWebUrl("Inkwell connections", demo.connections.databaseId),
    feedback: notionWebUrl("Customer feedback", demo.feedback.databaseId),
    meetingNotes: notionWebUrl("Meeting notes", demo.meetingNotesPageId),
    weeklyDigest: notionWebUrl("Weekly digest", demo.weeklyDigestPageId),
  };
  await connectMirror(popup, urls.connections);
  console.log(`
Inkwell is loaded (extension id ${browser.extensionId}) and configured with demo keys:
  Gemini key       ${GEMINI_DEMO_KEY}
  Notion token     ${DEMO_NOTION_TOKEN}   (integration “Inkwell Demo”)
Also to try in Settings:
  Notion token     ${DEMO_PERSONAL_TOKEN}   (personal access token of ${DEMO_PERSON_NAME}: sees what she can open, no sharing)
  Claude key       ${ANTHROPIC_DEMO_KEY}
  Local server     ${sandbox.localAi.baseUrl}   (OpenAI-compatible, LM Studio-like; Check server asks to allow it)
Demo workspace:
  Blank page            ${urls.blankPage}
  Blog topics database  ${urls.topics}
  Connections database  ${urls.connections}
  Customer feedback     ${urls.feedback}   (call notes in each row; Summary, Tags, Sentiment, Score, Due to autofill)
  Meeting notes         ${urls.meetingNotes}   (a page to summarise at the top)
  Weekly digest         ${urls.weeklyDigest}   (a page to rewrite in place)
Popup: chrome-extension://${browser.extensionId}/popup.html`);

  if (tour) {
    console.log("\nTour: generating into “Blank page”, then filling the ticked rows of “Blog topics”…");
    await notionPage.goto(urls.blankPage);
    await popup.bringToFront();
    // The same steps as the Firefox tour (scripts/start-firefox.ts), through the shared flows.
    const ui = playwrightUi(popup);
    await createPageConnection(ui, "Launch plan", urls.blankPage, "Write a one-page launch plan for a small productivity app, with goals, a timeline table and a checklist.");
    console.log(`Page generation: ${await generateAndWait(ui, /^(Done|Partial|Cancelled)|failed/i, 120_000)}`);
    await createDatabaseConnection(ui, "Blog posts", urls.topics, "Write a short blog post titled “{{title}}” for {{Audience}}.", /Write a short blog post/);
    console.log(`Database generation: ${await generateAndWait(ui, /^(Done|Cancelled)|failed/i, 180_000)}`);
    // Typed autofill: the demo model answers each call's properties the way a careful model would.
    answerTypedRows(sandbox);
    await createTypedConnection(ui, "Customer feedback autofill", urls.feedback, { standingInstructions: true });
    console.log(`Typed autofill: ${await generateAndWait(ui, /^(Done|Cancelled)|failed/i, 180_000)}`);
    await createPageConnection(ui, "Summarise this page", urls.meetingNotes, "Summarise this page in three bullet points, with the actions and who owns them.");
    await setPagePlacement(ui, "top", true);
    console.log(`Summarise this page: ${await generateAndWait(ui, /^(Done|Partial|Cancelled)|failed/i, 120_000)}`);
    await notionPage.goto(urls.blankPage);
    // Mirroring runs in the background at Notion's pace; show where it landed.
    // (Each run's end is mirrored after its status shows "Done", so wait for the rows' "Last run" rather than the status line alone.)
    await popup.getByRole("tab", { name: "Settings" }).click();
    const rowsWithLastRun = () =>
      (sandbox.notion.rows(demo.connections.databaseId) as { properties: Record<string, { date?: { start?: string } | null }> }[]).filter((row) => row.properties["Last run"]?.date?.start).length;
    for (const started = Date.now(); rowsWithLastRun() < 4 && Date.now() - started < 60_000; ) await new Promise((resolve) => setTimeout(resolve, 250));
    await popup.locator("#mirror-status").filter({ hasText: /up to date/ }).waitFor({ timeout: 60_000 });
    const mirrored = sandbox.notion.rows(demo.connections.databaseId).length;
    console.log(`Connections database: ${mirrored} ${mirrored === 1 ? "connection" : "connections"} mirrored to “Inkwell connections”.`);
  }

  if (headless) {
    mkdirSync(screenshotsDir, { recursive: true });
    const shots = {
      popup: join(screenshotsDir, "popup.png"),
      page: join(screenshotsDir, "notion-page.png"),
      database: join(screenshotsDir, "notion-database.png"),
      feedback: join(screenshotsDir, "notion-customer-feedback.png"),
      connections: join(screenshotsDir, "notion-connections.png"),
    };
    await popup.screenshot({ path: shots.popup, fullPage: true });
    await notionPage.locator(".notion-frame").waitFor();
    await notionPage.screenshot({ path: shots.page, fullPage: true });
    await notionPage.goto(urls.topics);
    await notionPage.locator(".notion-collection_view-block").waitFor();
    await notionPage.screenshot({ path: shots.database });
    await notionPage.goto(urls.feedback);
    await notionPage.locator(".notion-collection_view-block").waitFor();
    await notionPage.screenshot({ path: shots.feedback });
    await notionPage.goto(urls.connections);
    await notionPage.locator(".notion-collection_view-block").waitFor();
    await notionPage.screenshot({ path: shots.connections });
    console.log(`\nHeadless run (no display or --headless). Screenshots:\n  ${Object.values(shots).join("\n  ")}`);
    await browser.close();
    await sandbox.close();
    return;
  }

  console.log("\nThe browser stays open; press Ctrl+C here to stop the demo.");
  const stop = async () => {
    await browser.close();
    await sandbox.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  browser.context.once("close", () => void stop());
}

(args.includes("--firefox") ? startFirefoxDemo({ headless, port, tour, screenshotsDir }) : main()).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
