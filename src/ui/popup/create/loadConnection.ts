import type { DatabaseInspection } from "../../../shared/protocol/types";
import type { Connection, DatabaseSettings } from "../../../shared/storage/schema";
import type { DatabaseDraft } from "./databaseDraft";
import { editableSnapshot, emptyDraft, type CreateDraft } from "./draft";
import { UNREAD_TYPE } from "./typedDraft";

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
  for (const { property } of settings.typedProperties ?? []) properties.push({ name: property, type: UNREAD_TYPE });
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
    typedProperties: (settings.typedProperties ?? []).map(({ property, instruction }) => ({ property, instruction: instruction ?? "" })),
    allowNewOptions: settings.allowNewOptions ?? false,
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
    placement: connection.placement ?? "append",
    context: {
      pageContent: connection.context?.pageContent ?? false,
      standingInstructions: connection.context?.standingInstructions ?? false,
      contentCap: numberText(connection.context?.contentCapChars),
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
  draft.savedSnapshot = editableSnapshot(draft);
  return draft;
}

/**
 * True when the form holds something typed that isn't saved: a new draft with
 * a link or a prompt, or a saved connection's form edited since it was loaded
 * or saved. (A form stored before snapshots were kept can't tell: it counts as saved.)
 */
export function hasUnsavedWork(draft: CreateDraft): boolean {
  if (draft.connectionId) return draft.savedSnapshot !== undefined && editableSnapshot(draft) !== draft.savedSnapshot;
  return Boolean(draft.url.trim() || draft.prompt.trim());
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
    savedSnapshot: undefined,
    ...next,
  };
}

/**
 * The question to ask before opening `connection` in a form that holds
 * `current`, or null when nothing typed would be lost.
 */
export function replaceQuestion(current: CreateDraft, connection: Connection): string | null {
  if (current.connectionId === connection.id) {
    return editableSnapshot(current) === editableSnapshot(draftFromConnection(connection))
      ? null
      : `Create holds unsaved edits to “${connection.name}”. Replace them with the saved version?`;
  }
  if (!hasUnsavedWork(current)) return null;
  return current.connectionId
    ? `Create holds unsaved edits to “${current.name.trim() || current.target?.title || "Untitled"}”. Replace them with “${connection.name}”?`
    : "Create holds a draft you haven't generated yet. Replace it with this connection?";
}
