/**
 * Connections that came from outside (an export file, the Notion connections
 * database) name a target nobody has checked in this browser. Before such a
 * connection first runs, its target is resolved again from its id, and a
 * database connection's data source must belong to that database.
 */
import type { Client } from "@notionhq/client";
import { InkwellError } from "../../core/errors";
import { toDashedId } from "../../core/notion-url";
import { resolveTarget } from "../../notion/targets";
import { fromNotionError } from "../../notion/errors";
import type { Connection } from "../../shared/storage/schema";
import type { NotionAccess } from "../../core/errors";
import { currentNotionAccess } from "../../notion/access";
import { notionUrlFor } from "./connection-file";

/** Resolves an imported connection's target; returns its current title. Throws a clear error when it doesn't hold up. */
export async function checkImportedTarget(client: Client, connection: Connection, access: NotionAccess | undefined = currentNotionAccess()): Promise<{ title: string }> {
  const target = await resolveTarget(client, notionUrlFor(connection.targetId), connection.kind, access);
  if (target.id !== connection.targetId) throw mismatch();
  if (connection.kind === "database") {
    const dataSourceId = connection.database?.dataSourceId ?? "";
    let source: { parent?: { database_id?: string }; database_parent?: { database_id?: string } };
    try {
      source = (await client.dataSources.retrieve({ data_source_id: dataSourceId })) as typeof source;
    } catch (error) {
      throw fromNotionError(error, "this connection's database", access);
    }
    const parent = source.parent?.database_id ?? source.database_parent?.database_id ?? "";
    if (toDashedId(parent) !== connection.targetId) throw mismatch();
  }
  return { title: target.title };
}

function mismatch(): InkwellError {
  return new InkwellError("invalid_input", "This imported connection's settings don't match its Notion target. Open it, choose the page or database again (Next), and save it.");
}
