import type { Client } from "@notionhq/client";
import type { NotionIdentity } from "../shared/protocol";
import { fromNotionError } from "./errors";

/** Who the integration secret belongs to: shown beside the field so the user knows which integration to share pages with. */
export async function fetchIdentity(client: Client): Promise<NotionIdentity> {
  try {
    const me = await client.users.me({});
    const bot = me.type === "bot" ? me.bot : undefined;
    const workspaceName = bot && "workspace_name" in bot && typeof bot.workspace_name === "string" ? bot.workspace_name : "";
    return { botName: me.name ?? "Unnamed integration", workspaceName };
  } catch (error) {
    throw fromNotionError(error, "the integration");
  }
}
