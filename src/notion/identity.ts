import type { Client } from "@notionhq/client";
import type { NotionIdentity } from "../shared/protocol/types";
import { createNotionClient } from "./client";
import { fromNotionError } from "./errors";

/**
 * Who the token belongs to, from GET /v1/users/me: Notion answers with a bot
 * user for an internal integration secret (its name, and the workspace in
 * `bot.workspace_name`) and, for a personal access token, with the person who
 * created it ("For personal access tokens, this endpoint returns the user who
 * created the token": developers.notion.com/reference/get-self). The token's
 * prefix is never used to tell them apart.
 *
 * A person user carries no workspace in the documented schema (API 2026-03-11,
 * @notionhq/client 5.26: `person: { email? }`), so a personal access token's
 * identity has no workspace name: the token belongs to the one workspace chosen
 * when it was created.
 */
export async function fetchIdentity(client: Client): Promise<NotionIdentity> {
  let me: Awaited<ReturnType<Client["users"]["me"]>>;
  try {
    me = await client.users.me({});
  } catch (error) {
    // The token being checked may not be the saved one: its kind is what we are asking, so the advice can't assume one.
    throw fromNotionError(error, "the token's user", "unknown");
  }
  if (me.type === "person") {
    return { kind: "personal", name: me.name ?? "", workspaceName: "" };
  }
  const bot = me.bot;
  return { kind: "integration", name: me.name ?? "", workspaceName: "workspace_name" in bot && typeof bot.workspace_name === "string" ? bot.workspace_name : "" };
}

/** Checks a token (Settings' "Check" button, a save): who it acts as, asked ahead of background traffic. */
export function checkNotionToken(token: string): Promise<NotionIdentity> {
  return fetchIdentity(createNotionClient(token, { priority: "interactive" }));
}
