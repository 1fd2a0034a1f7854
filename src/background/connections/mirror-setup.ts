import { InkwellError, notFoundAdvice, type NotionAccess } from "../../core/errors";
import type { NotionClient } from "../../notion/client";
import { addMissingColumns, createConnectionsDatabase, readConnectionsDatabase, type ConnectionsDatabase } from "../../notion/connections-db";
import { resolveTarget } from "../../notion/targets";

/** "Create it for me": a new connections database under a page the token can see. */
export async function createMirrorDatabase(client: NotionClient, parentUrl: string, access: NotionAccess | undefined): Promise<ConnectionsDatabase> {
  let parent;
  try {
    parent = await resolveTarget(client, parentUrl, "page", access);
  } catch (error) {
    if (error instanceof InkwellError && error.code === "invalid_input" && /database/.test(error.message)) {
      throw new InkwellError("invalid_input", "That link is a database. Paste the link of a page: Inkwell creates the connections database inside it.");
    }
    throw error;
  }
  return createConnectionsDatabase(client, parent.id);
}

/**
 * An existing database (its id, from the link the user pasted), checked to hold Inkwell's connections. Missing columns
 * are only reported (`missingColumns`) unless the user agreed to add them
 * (`addMissing`); nothing is written to the database before that.
 */
export async function openMirrorDatabase(
  client: NotionClient,
  databaseId: string,
  addMissing: boolean,
  access: () => Promise<NotionAccess | undefined>,
): Promise<{ database: ConnectionsDatabase; missingColumns: string[] }> {
  let database: ConnectionsDatabase;
  try {
    database = await readConnectionsDatabase(client, databaseId);
  } catch (error) {
    if (error instanceof InkwellError && error.code === "notion_not_shared") {
      throw new InkwellError("notion_not_shared", notFoundAdvice("this database", await access()));
    }
    throw error;
  }
  const { layout } = database;
  if (layout.incompatible.length > 0) {
    const list = layout.incompatible.map((column) => `“${column.name}” is a ${column.type.replace(/_/g, " ")} column but must be ${column.wanted.replace(/_/g, " ")}`).join("; ");
    throw new InkwellError("invalid_input", `This database can't hold Inkwell's connections: ${list}. Rename or delete those columns in Notion, or use “Create it for me”.`);
  }
  if (layout.missing.length > 0) {
    if (!addMissing) return { database, missingColumns: layout.missing };
    database = { ...database, layout: await addMissingColumns(client, database.dataSourceId, layout.missing) };
    if (database.layout.missing.length > 0) throw new InkwellError("internal", `Notion didn't add these columns: ${database.layout.missing.join(", ")}. Try again.`);
  }
  return { database, missingColumns: [] };
}
