import type { Client } from "@notionhq/client";
import type { NotionAccess } from "../core/errors";
import { currentNotionAccess } from "./access";
import { fromNotionError } from "./errors";

/**
 * The id of the database a data source belongs to ("" when Notion names none).
 * API 2026-03-11 puts it in `parent.database_id`; some answers carry it in
 * `database_parent` instead, so both are read.
 */
export async function databaseIdOfDataSource(
  client: Client,
  dataSourceId: string,
  what = "this database",
  access: NotionAccess | undefined = currentNotionAccess(),
): Promise<string> {
  let source: { parent?: { database_id?: string }; database_parent?: { database_id?: string } };
  try {
    source = (await client.dataSources.retrieve({ data_source_id: dataSourceId })) as typeof source;
  } catch (error) {
    throw fromNotionError(error, what, access);
  }
  return source.parent?.database_id ?? source.database_parent?.database_id ?? "";
}
