import type { DatabaseInspection } from "../../../shared/protocol/types";
import type { DatabaseSettings } from "../../../shared/storage/schema";
import { parseInspection } from "./inspectionParse";
import { keptTypedProperties, parseParked, parseTypedProperties, typedSettings, typedProblem, type TypedDraft } from "./typedDraft";

/** The database part of the Create form: the worker's latest inspection and the choices made on it. */
export interface DatabaseDraft {
  /** What database.inspect (or addProperty) last answered; the form's options come from it. */
  inspection: DatabaseInspection;
  /** When it was read (ms), so a reopened popup knows to refresh it. */
  inspectedAt: number;
  /** The checkbox that selects rows; "" when the database has none. */
  selectionProperty: string;
  /** "typed": only the typed properties, no Markdown answer. */
  output: "body" | "property" | "typed";
  /** The text property to write to; "" while a new one is being named. */
  outputProperty: string;
  overwrite: "if_empty" | "always";
  /** A select or status property set after each row; "" for none. */
  statusProperty: string;
  /** Properties filled from one JSON answer, each with its instruction as typed. */
  typedProperties: TypedDraft[];
  /** Consent to create select / multi-select options that don't exist yet. */
  allowNewOptions: boolean;
  /** Instructions of properties unticked since, kept for when they are ticked again (never saved). */
  parkedInstructions?: Record<string, string>;
}

export const CHECKBOX_TYPES = ["checkbox"] as const;
export const TEXT_TYPES = ["rich_text"] as const;
export const STATUS_TYPES = ["select", "status"] as const;

/** Names of the inspected properties of the given types, in the database's order. */
export function propertyNames(inspection: DatabaseInspection, types: readonly string[]): string[] {
  return inspection.properties.filter((property) => types.includes(property.type)).map((property) => property.name);
}

/**
 * The draft after a (re-)inspection: the selection follows what the worker
 * used for the preview; the other choices are kept when they still fit the same
 * data source, and reset to sensible defaults for another one.
 */
export function applyInspection(previous: DatabaseDraft | undefined, inspection: DatabaseInspection, now = Date.now()): DatabaseDraft {
  const same = previous?.inspection.dataSourceId === inspection.dataSourceId ? previous : undefined;
  const texts = propertyNames(inspection, TEXT_TYPES);
  const statuses = propertyNames(inspection, STATUS_TYPES);
  const suggested = inspection.suggestedStatusProperty && statuses.includes(inspection.suggestedStatusProperty) ? inspection.suggestedStatusProperty : "";
  return {
    inspection,
    inspectedAt: now,
    selectionProperty: inspection.selectionProperty ?? "",
    output: same?.output ?? "body",
    outputProperty: same && (same.outputProperty === "" || texts.includes(same.outputProperty)) ? same.outputProperty : (texts[0] ?? ""),
    overwrite: same?.overwrite ?? "if_empty",
    statusProperty: same && (same.statusProperty === "" || statuses.includes(same.statusProperty)) ? same.statusProperty : suggested,
    typedProperties: same ? keptTypedProperties(same.typedProperties, inspection) : [],
    allowNewOptions: same?.allowNewOptions ?? false,
    ...(same?.parkedInstructions ? { parkedInstructions: same.parkedInstructions } : {}),
  };
}

export type SettingsResult = { ok: true; settings: DatabaseSettings } | { ok: false; message: string };

/** The settings connection.save takes, or what is missing. */
export function toDatabaseSettings(database: DatabaseDraft | undefined): SettingsResult {
  if (!database) return { ok: false, message: "Check the database link first (Back → Next)." };
  if (!database.selectionProperty) return { ok: false, message: "Pick the checkbox that selects the rows first." };
  if (database.output === "property" && !database.outputProperty) return { ok: false, message: "Pick or create the text property to write to first." };
  const problem = typedProblem(database);
  if (problem) return { ok: false, message: problem };
  const output: DatabaseSettings["output"] =
    database.output === "property" ? { type: "property", property: database.outputProperty, overwrite: database.overwrite } : { type: database.output };
  return {
    ok: true,
    settings: {
      dataSourceId: database.inspection.dataSourceId,
      selectionProperty: database.selectionProperty,
      output,
      ...(database.statusProperty ? { statusProperty: database.statusProperty } : {}),
      ...typedSettings(database),
    },
  };
}

const str = (value: unknown): value is string => typeof value === "string";
const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Reads the stored database part of a draft; undefined when it is missing or damaged. */
export function parseDatabaseDraft(raw: unknown): DatabaseDraft | undefined {
  const item = record(raw);
  const inspection = parseInspection(item?.inspection);
  if (!item || !inspection) return undefined;
  // Re-applying keeps only the choices that still fit the inspected properties.
  const stored: DatabaseDraft = {
    inspection,
    inspectedAt: typeof item.inspectedAt === "number" ? item.inspectedAt : 0,
    selectionProperty: "",
    output: item.output === "property" || item.output === "typed" ? item.output : "body",
    outputProperty: str(item.outputProperty) ? item.outputProperty : "",
    overwrite: item.overwrite === "always" ? "always" : "if_empty",
    statusProperty: str(item.statusProperty) ? item.statusProperty : "",
    typedProperties: parseTypedProperties(item.typedProperties),
    allowNewOptions: item.allowNewOptions === true,
    ...parseParked(item.parkedInstructions),
  };
  const checkboxes = propertyNames(inspection, CHECKBOX_TYPES);
  const selection = str(item.selectionProperty) && checkboxes.includes(item.selectionProperty) ? item.selectionProperty : (inspection.selectionProperty ?? "");
  return { ...applyInspection(stored, inspection, stored.inspectedAt), selectionProperty: selection };
}
