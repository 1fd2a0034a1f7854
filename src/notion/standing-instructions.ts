/**
 * Reads a database's standing instructions: its description and the
 * descriptions of the properties a prompt uses (core/standing-instructions).
 *
 * API:
 *   readStandingInstructions(client, { databaseId?, dataSourceId, propertyNames }): Promise<StandingInstructions>
 *     One dataSources.retrieve (property descriptions, the data source's description) and, with
 *     `databaseId`, one databases.retrieve (the description Notion shows under the database's title).
 */
import type { Client } from "@notionhq/client";
import { standingInstructionsFrom, type StandingInstructions } from "../core/standing-instructions";
import { fromNotionError } from "./errors";

type Described = { description?: { plain_text?: string }[] };

export async function readStandingInstructions(
  client: Client,
  target: { databaseId?: string; dataSourceId: string; propertyNames: readonly string[] },
): Promise<StandingInstructions> {
  try {
    const source = await client.dataSources.retrieve({ data_source_id: target.dataSourceId });
    const database = target.databaseId ? ((await client.databases.retrieve({ database_id: target.databaseId })) as Described) : undefined;
    return standingInstructionsFrom(
      { databaseDescription: database?.description, dataSourceDescription: (source as Described).description, properties: source.properties },
      target.propertyNames,
    );
  } catch (error) {
    throw fromNotionError(error, "this database");
  }
}
