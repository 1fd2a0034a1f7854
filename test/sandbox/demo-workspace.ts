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
  sandbox.homeIds.push(homePageId, blankPageId, topics.databaseId, connections.databaseId);
  return {
    homePageId,
    blankPageId,
    othersPrivatePageId,
    topics: { databaseId: topics.databaseId, dataSourceId: topics.dataSourceId, rowIds: topics.rowIds },
    connections: { databaseId: connections.databaseId, dataSourceId: connections.dataSourceId },
  };
}

/** The URL a person would copy from Notion for an object: https://www.notion.so/<Title>-<32hex>. */
export function notionWebUrl(title: string, id: string, host = "www.notion.so"): string {
  const slug = title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "");
  return `https://${host}/${slug ? `${slug}-` : ""}${id.replace(/-/g, "")}`;
}
