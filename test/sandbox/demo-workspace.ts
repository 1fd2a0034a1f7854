import type { Sandbox } from "./server";
import { GEMINI_DEMO_KEY, OPENAI_DEMO_KEY } from "./ai";

/**
 * The demo workspace `npm start` and the e2e tests begin from: a blank page,
 * a topics database with ticked "Generate" rows, and an empty connections
 * database, all shared with the demo integration. The owner, Ada Lovelace, can
 * open all of it too, so her personal access token works with no sharing; a
 * second member's private page is one neither token can see.
 */
export const DEMO_NOTION_TOKEN = "ntn_demoInkwellSandboxIntegrationSecret0001";
/** Ada Lovelace's personal access token. Its prefix is the integration's on purpose: Inkwell must not tell them apart by it. */
export const DEMO_PERSONAL_TOKEN = "ntn_demoAdaLovelacePersonalAccessToken01";
export const DEMO_PERSON_NAME = "Ada Lovelace";
export const DEMO_INTEGRATION_NAME = "Inkwell Demo";
export const DEMO_WORKSPACE_NAME = "Demo Workspace";
export { GEMINI_DEMO_KEY, OPENAI_DEMO_KEY };

export interface DemoWorkspace {
  homePageId: string;
  blankPageId: string;
  /** A page only another member (Bob) can open: not shared with the integration, not visible to Ada. */
  othersPrivatePageId: string;
  topics: { databaseId: string; dataSourceId: string; rowIds: string[] };
  connections: { databaseId: string; dataSourceId: string };
  /** Typed autofill: call notes in each row's body, to be filled into Summary, Tags, Sentiment, Score and Due. */
  feedback: { databaseId: string; dataSourceId: string; rowIds: string[] };
  /** A page of meeting notes, for "Summarise this page". */
  meetingNotesPageId: string;
  /** A page a weekly digest connection rewrites in place (Replace). */
  weeklyDigestPageId: string;
}

export const CONNECTIONS_SCHEMA = {
  Name: { title: {} },
  Type: { select: { options: [{ name: "Page" }, { name: "Database" }] } },
  Target: { url: {} },
  Prompt: { rich_text: {} },
  Engine: { select: {} },
  Model: { rich_text: {} },
  Created: { date: {} },
  "Last run": { date: {} },
  "Last result": { rich_text: {} },
};

export const FEEDBACK_TITLE = "Customer feedback";
export const FEEDBACK_DESCRIPTION = "Notes from customer calls. Write in plain English, for the product team.";
export const FEEDBACK_TAGS = ["Pricing", "Onboarding", "Performance", "Integrations", "Support"] as const;
export const FEEDBACK_SENTIMENTS = ["Positive", "Neutral", "Negative"] as const;

/**
 * The typed-autofill database: each row's call notes are in its body, and one
 * generation per row fills Summary, Tags, Sentiment, Score and Due. The
 * database and its properties carry descriptions Inkwell can send as standing
 * instructions; "Autofill" is the checkbox that picks the rows.
 */
export const FEEDBACK_SCHEMA = {
  Name: { title: {} },
  Summary: { rich_text: {}, description: "One sentence, at most 25 words." },
  Tags: { multi_select: { options: FEEDBACK_TAGS.map((name) => ({ name })) }, description: "1–3 of the existing options." },
  Sentiment: { select: { options: FEEDBACK_SENTIMENTS.map((name) => ({ name })) }, description: "How the customer felt overall." },
  Score: { number: { format: "number" }, description: "Urgency from 1 (can wait) to 10 (drop everything)." },
  Due: { date: {}, description: "When to follow up with the customer." },
  Autofill: { checkbox: {} },
  "AI status": { select: { options: [{ name: "Done" }, { name: "Error" }] } },
};

/** Call notes, one row each: [Name, body paragraphs, ticked]. */
export const FEEDBACK_ROWS: ReadonlyArray<readonly [string, readonly string[], boolean]> = [
  [
    "Call with Northwind Traders",
    [
      "Maria said the new invoice export saves her team two hours a week.",
      "She asked whether the price will rise when they add ten more seats; the current per-seat price is the main worry before renewal in March.",
      "Wants a follow-up with a volume quote by 15 January.",
    ],
    true,
  ],
  [
    "Call with Contoso Health",
    [
      "Setup took three weeks because nobody could find the SSO settings; two admins gave up half-way.",
      "Daily reports load slowly (over 20 seconds) since the last update.",
      "They will evaluate a competitor unless both are fixed this quarter.",
    ],
    true,
  ],
  [
    "Call with Fabrikam Studio",
    [
      "Happy overall. Asked for a Slack integration so designers get comments where they already work.",
      "No deadline; a roadmap update in the spring is fine.",
    ],
    true,
  ],
  ["Call with Tailspin Toys", ["Not yet reviewed: notes still being typed up."], false],
];

export const MEETING_NOTES: readonly string[] = [
  "Product sync, Tuesday. Present: Ada, Bob, Grace.",
  "Ada showed the new onboarding checklist; trial sign-ups finishing setup went from 41% to 58% in two weeks.",
  "Bob raised that the mobile app crashes on Android 12 when offline; a fix is planned for the 3.2 release.",
  "Grace proposed moving the pricing page test to January so that it does not overlap the holiday campaign. Agreed.",
  "Actions: Bob to ship the Android fix by Friday; Grace to draft the January test plan; Ada to share the checklist metrics with sales.",
];

/** A Customer feedback database under `parentPageId` (tests make fresh copies under their own titles; `tickAll` ticks every row). */
export function seedCustomerFeedback(
  sandbox: Pick<Sandbox, "notion">,
  parentPageId: string,
  { title = FEEDBACK_TITLE, tickAll = false }: { title?: string; tickAll?: boolean } = {},
): { databaseId: string; dataSourceId: string; rowIds: string[] } {
  const { notion } = sandbox;
  const db = notion.createDatabase({ parentPageId, title, description: FEEDBACK_DESCRIPTION, properties: FEEDBACK_SCHEMA });
  const rowIds = FEEDBACK_ROWS.map(([name, notes, ticked]) => notion.addRow(db.databaseId, { Name: name, Autofill: ticked || tickAll }, notes));
  return { databaseId: db.databaseId, dataSourceId: db.dataSourceId, rowIds };
}

export function seedDemoWorkspace(sandbox: Sandbox, token = DEMO_NOTION_TOKEN): DemoWorkspace {
  const { notion } = sandbox;
  notion.addIntegration({ token, name: DEMO_INTEGRATION_NAME, workspaceName: DEMO_WORKSPACE_NAME });
  notion.addPersonalToken({ token: DEMO_PERSONAL_TOKEN });
  const homePageId = notion.createPage({
    title: "Inkwell demo",
    sharedWith: [token],
    blocks: [
      "This workspace lives in Inkwell's local sandbox. Everything under this page is shared with the “Inkwell Demo” integration.",
    ],
  });
  notion.grantAccess(homePageId, notion.ownerId);
  const blankPageId = notion.createPage({ parentPageId: homePageId, title: "Blank page" });
  const bob = notion.addMember({ name: "Bob Example" });
  const othersPrivatePageId = notion.createPage({ title: "Bob's private notes", blocks: ["Only Bob can open this page."] });
  notion.grantAccess(othersPrivatePageId, bob);
  const topics = notion.createDatabase({
    parentPageId: homePageId,
    title: "Blog topics",
    properties: {
      Name: { title: {} },
      Generate: { checkbox: {} },
      Audience: { select: { options: [{ name: "Beginners" }, { name: "Developers" }, { name: "Managers" }] } },
      Summary: { rich_text: {} },
      "AI status": { select: { options: [{ name: "Done" }, { name: "Error" }] } },
    },
    rows: [
      { Name: "Why unit tests pay off", Generate: true, Audience: "Developers" },
      { Name: "A gentle introduction to Markdown", Generate: true, Audience: "Beginners" },
      { Name: "Planning a quarterly roadmap", Generate: true, Audience: "Managers" },
      { Name: "Keeping secrets out of logs", Generate: true, Audience: "Developers" },
      { Name: "Writing for the web", Generate: false, Audience: "Beginners" },
      { Name: "Ideas for later", Generate: false },
    ],
  });
  const connections = notion.createDatabase({ parentPageId: homePageId, title: "Inkwell connections", properties: CONNECTIONS_SCHEMA });
  const feedback = seedCustomerFeedback(sandbox, homePageId);
  const meetingNotesPageId = notion.createPage({ parentPageId: homePageId, title: "Meeting notes", blocks: MEETING_NOTES });
  const weeklyDigestPageId = notion.createPage({ parentPageId: homePageId, title: "Weekly digest", blocks: ["The digest below is rewritten every Monday."] });
  sandbox.homeIds.push(homePageId, blankPageId, topics.databaseId, feedback.databaseId, meetingNotesPageId, weeklyDigestPageId, connections.databaseId);
  return {
    homePageId,
    blankPageId,
    othersPrivatePageId,
    topics: { databaseId: topics.databaseId, dataSourceId: topics.dataSourceId, rowIds: topics.rowIds },
    connections: { databaseId: connections.databaseId, dataSourceId: connections.dataSourceId },
    feedback,
    meetingNotesPageId,
    weeklyDigestPageId,
  };
}

/** The URL a person would copy from Notion for an object: https://www.notion.so/<Title>-<32hex>. */
export function notionWebUrl(title: string, id: string, host = "www.notion.so"): string {
  const slug = title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `https://${host}/${slug ? `${slug}-` : ""}${id.replace(/-/g, "")}`;
}
