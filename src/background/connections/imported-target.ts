/**
 * Connections that came from outside (an export file, the Notion connections
 * database) name a target nobody has checked in this browser. Before such a
 * connection first runs, its target is resolved again from its id, and a
 * database connection's data source must belong to that database.
 */
import { InkwellError } from "../../core/errors";
import { toDashedId } from "../../core/notion-url";
import { resolveTarget } from "../../notion/targets";
import { databaseIdOfDataSource } from "../../notion/data-sources";
import type { NotionClient } from "../../notion/client";
import type { Connection } from "../../shared/storage/schema";
import type { NotionAccess } from "../../core/errors";
import { currentNotionAccess } from "../../notion/access";
import { notionUrlFor } from "./connection-file";

/** Resolves an imported connection's target; returns its current title. Throws a clear error when it doesn't hold up. */
export async function checkImportedTarget(client: NotionClient, connection: Connection, access: NotionAccess | undefined = currentNotionAccess()): Promise<{ title: string }> {
  const target = await resolveTarget(client, notionUrlFor(connection.targetId), connection.kind, access);
  if (target.id !== connection.targetId) throw mismatch();
  if (connection.kind === "database") {
    const parent = await databaseIdOfDataSource(client, connection.database?.dataSourceId ?? "", "this connection's database", access);
    if (toDashedId(parent) !== connection.targetId) throw mismatch();
  }
  return { title: target.title };
}

function mismatch(): InkwellError {
  return new InkwellError("invalid_input", "This imported connection's settings don't match its Notion target. Open it, choose the page or database again (Next), and save it.");
}
