import type { DatabaseInspection } from "../../../shared/protocol";
import type { Connection, DatabaseSettings } from "../../../shared/storage/schema";
import type { DatabaseDraft } from "./databaseDraft";
import { emptyDraft, type CreateDraft } from "./draft";

/**
 * What the database setup knows of a saved database before it is read again:
 * just the properties the connection uses. `inspectedAt` 0 makes the setup
 * read the database at once when it opens (DatabaseSetup's refresh), and a
 * fresh inspection of the same data source keeps these choices as long as the
 * properties still exist (applyInspection).
 */
function savedInspection(connection: Connection, settings: DatabaseSettings): DatabaseInspection {
  const properties = [{ name: settings.selectionProperty, type: "checkbox" }];
  if (settings.output.type === "property") properties.push({ name: settings.output.property, type: "rich_text" });
  if (settings.statusProperty) properties.push({ name: settings.statusProperty, type: "status" });
  return {
    databaseId: connection.targetId,
    title: connection.targetTitle,
    url: connection.url,
    dataSources: [{ id: settings.dataSourceId, name: "" }],
    dataSourceId: settings.dataSourceId,
    properties,
    selectionProperty: settings.selectionProperty,
    suggestedStatusProperty: settings.statusProperty ?? null,
    preview: { rows: [], tickedCount: 0, tickedCountIsLowerBound: false },
  };
}

function savedDatabaseDraft(connection: Connection, settings: DatabaseSettings): DatabaseDraft {
  const { output } = settings;
  return {
    inspection: savedInspection(connection, settings),
    inspectedAt: 0,
    selectionProperty: settings.selectionProperty,
    output: output.type,
    outputProperty: output.type === "property" ? output.property : "",
    overwrite: output.type === "property" ? output.overwrite : "if_empty",
    statusProperty: settings.statusProperty ?? "",
  };
}

const numberText = (value: number | undefined): string => (value === undefined ? "" : String(value));

/**
 * Loads a saved connection into the Create form exactly as it was saved (link,
 * type, database setup, prompt, options, engine override), on the prompt step,
 * ready to generate again. Saving it then updates that connection (`id`), and
 * refuses if it was edited elsewhere since (`baseUpdatedAt`).
 */
export function draftFromConnection(connection: Connection): CreateDraft {
  const { options } = connection;
  const draft: CreateDraft = {
    ...emptyDraft(),
    step: "prompt",
    name: connection.name,
    kind: connection.kind,
    url: connection.url,
    prompt: connection.prompt,
    options: {
      tone: options.tone,
      length: options.length,
      systemInstruction: options.systemInstruction,
      temperature: numberText(options.temperature),
      maxOutputTokens: numberText(options.maxOutputTokens),
    },
    target: { kind: connection.kind, id: connection.targetId, title: connection.targetTitle, url: connection.url },
    connectionId: connection.id,
    baseUpdatedAt: connection.updatedAt,
  };
  if (connection.kind === "database") {
    // A database connection saved without its setup can only start from the link.
    if (connection.database) draft.database = savedDatabaseDraft(connection, connection.database);
    else draft.step = "target";
  }
  const runId = connection.runIds[connection.runIds.length - 1];
  if (runId) draft.runId = runId;
  if (connection.engine) {
    draft.engine = connection.engine;
    draft.model = connection.model ?? "";
  }
  return draft;
}

/** True when the form holds something typed that isn't saved in a connection yet. */
export function hasUnsavedWork(draft: CreateDraft): boolean {
  return !draft.connectionId && Boolean(draft.url.trim() || draft.prompt.trim());
}

/** A draft patch that replaces the whole form (optional fields the new draft lacks are cleared, not kept). */
export function replaceDraft(next: CreateDraft): Partial<CreateDraft> {
  return {
    target: undefined,
    database: undefined,
    connectionId: undefined,
    runId: undefined,
    engine: undefined,
    model: undefined,
    baseUpdatedAt: undefined,
    ...next,
  };
}

/** The fields of the form a user edits, to tell whether it differs from a saved connection. */
const editable = (draft: CreateDraft) =>
  JSON.stringify([draft.name, draft.kind, draft.url.trim(), draft.prompt, draft.options, draft.engine ?? "", draft.engine ? (draft.model ?? "") : ""]);

/**
 * The question to ask before opening `connection` in a form that holds
 * `current`, or null when nothing typed would be lost.
 */
export function replaceQuestion(current: CreateDraft, connection: Connection): string | null {
  if (current.connectionId === connection.id) {
    return editable(current) === editable(draftFromConnection(connection))
      ? null
      : `Create holds unsaved edits to “${connection.name}”. Replace them with the saved version?`;
  }
  return hasUnsavedWork(current) ? "Create holds a draft you haven't generated yet. Replace it with this connection?" : null;
}
