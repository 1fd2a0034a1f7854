import { InkwellError } from "../../core/errors";
import { createNotionClient } from "../../notion/client";
import { databaseIdOfDataSource } from "../../notion/data-sources";
import { addProperty, inspectDatabase } from "../../notion/databases";
import { resolveTarget } from "../../notion/targets";
import type { NotionAccess } from "../../core/errors";
import type { RecordStore } from "../connections/records";
import { notionContextReaders } from "../runs/context-readers";
import { previewSend } from "../runs/send-preview";
import type { SettingsService } from "../settings/settings";
import type { PageHandlers } from "./router";

export type SetupRequest = "target.resolve" | "connection.save" | "database.inspect" | "database.addProperty" | "send.preview";

export interface SetupDeps {
  settings: Pick<SettingsService, "requireNotionToken">;
  records: Pick<RecordStore, "saveConnection">;
  /** Who the token acts as (integration or person), for advice when Notion can't find something. */
  notionAccess: (token: string) => Promise<NotionAccess | undefined>;
}

/**
 * Setting a connection up from an extension page: what the user waits on, so
 * every Notion request goes at interactive priority.
 */
export function createSetupHandlers({ settings, records, notionAccess }: SetupDeps): Pick<PageHandlers, SetupRequest> {
  const interactive = async () => {
    const token = await settings.requireNotionToken();
    return { token, client: createNotionClient(token, { priority: "interactive" }) };
  };
  return {
    "target.resolve": async ({ url, kind }) => {
      const { token, client } = await interactive();
      return resolveTarget(client, url, kind, await notionAccess(token));
    },
    "connection.save": async ({ draft }) => {
      const { token, client } = await interactive();
      if (draft.kind === "database" && !draft.database) throw new InkwellError("invalid_input", "Choose the database's checkbox and output first.");
      const target = await resolveTarget(client, draft.url, draft.kind, await notionAccess(token));
      return records.saveConnection(draft, target);
    },
    "database.inspect": async ({ url, dataSourceId, selectionProperty }) => {
      const { token, client } = await interactive();
      return inspectDatabase(client, url, {
        access: await notionAccess(token),
        ...(dataSourceId ? { dataSourceId } : {}),
        ...(selectionProperty ? { selectionProperty } : {}),
      });
    },
    "database.addProperty": async ({ dataSourceId, name, type }) => {
      const { token, client } = await interactive();
      await addProperty(client, dataSourceId, name, type);
      const databaseId = (await databaseIdOfDataSource(client, dataSourceId)) || dataSourceId;
      return inspectDatabase(client, databaseId, { access: await notionAccess(token), dataSourceId, selectionProperty: type === "checkbox" ? name : undefined });
    },
    "send.preview": async ({ draft }) => {
      const { token, client } = await interactive();
      const target = await resolveTarget(client, draft.url, draft.kind, await notionAccess(token));
      return previewSend(client, { ...draft, targetId: target.id }, notionContextReaders, new Date());
    },
  };
}
