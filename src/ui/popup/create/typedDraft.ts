import { TYPED_PROPERTY_TYPES } from "../../../core/typed-output/types";
import type { DatabaseInspection, PropertySummary } from "../../../shared/protocol/types";
import type { DatabaseSettings } from "../../../shared/storage/schema";
import type { DatabaseDraft } from "./databaseDraft";

/** One property filled from the JSON answer, with its instruction as typed. */
export interface TypedDraft {
  property: string;
  instruction: string;
}

/** A property a saved connection fills, before the database is read again (its type isn't known yet). */
export const UNREAD_TYPE = "";

const fillable = (type: string) => type === UNREAD_TYPE || (TYPED_PROPERTY_TYPES as readonly string[]).includes(type);

/** The properties a generation can fill: fillable types, minus the ones Inkwell sets itself (selection checkbox, status). */
export function typedCandidates(database: DatabaseDraft): PropertySummary[] {
  const reserved = new Set([database.selectionProperty, database.statusProperty]);
  return database.inspection.properties.filter((property) => fillable(property.type) && !reserved.has(property.name));
}

/** The chosen properties that still exist, with a type that can still be filled, in the order chosen. */
export function keptTypedProperties(chosen: readonly TypedDraft[], inspection: DatabaseInspection): TypedDraft[] {
  const types = new Map(inspection.properties.map((property) => [property.name, property.type]));
  return chosen.filter((entry) => {
    const type = types.get(entry.property);
    return type !== undefined && fillable(type);
  });
}

/**
 * Turns one property on (in the database's order) or off, keeping every other
 * instruction as typed. An unticked property's instruction is parked, so
 * ticking it again brings back what was typed.
 */
export function toggleTyped(database: DatabaseDraft, property: string, on: boolean): Pick<DatabaseDraft, "typedProperties" | "parkedInstructions"> {
  const chosen = database.typedProperties.filter((entry) => entry.property !== property);
  const { [property]: parked, ...otherParked } = database.parkedInstructions ?? {};
  const previous = database.typedProperties.find((entry) => entry.property === property);
  if (!on) return { typedProperties: chosen, parkedInstructions: previous?.instruction ? { ...otherParked, [property]: previous.instruction } : otherParked };
  const order = database.inspection.properties.map((entry) => entry.name);
  const entry = previous ?? { property, instruction: parked ?? "" };
  return { typedProperties: [...chosen, entry].sort((a, b) => order.indexOf(a.property) - order.indexOf(b.property)), parkedInstructions: otherParked };
}

/** Reads stored parked instructions defensively (none: no field). */
export function parseParked(raw: unknown): Pick<DatabaseDraft, "parkedInstructions"> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
  const parked = Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return Object.keys(parked).length ? { parkedInstructions: parked } : {};
}

/** What stops these typed outputs from being saved, or "". */
export function typedProblem(database: DatabaseDraft): string {
  if (database.output === "typed" && database.typedProperties.length === 0) {
    return "Pick at least one property to fill, or write the answer to the row's body or a text property.";
  }
  if (database.output === "property") return "";
  const reserved = [database.selectionProperty, database.statusProperty];
  const clash = database.typedProperties.find((entry) => reserved.includes(entry.property));
  return clash ? `“${clash.property}” is already used by Inkwell (the selection checkbox or the status): untick it under “Properties to fill”.` : "";
}

/**
 * The settings fields for typed outputs; none when no property is chosen, or
 * when the answer goes to one text property (a Markdown answer, which typed
 * properties don't combine with: the choices stay in the form, unsaved).
 */
export function typedSettings(database: DatabaseDraft): Pick<DatabaseSettings, "typedProperties" | "allowNewOptions"> {
  if (database.typedProperties.length === 0 || database.output === "property") return {};
  return {
    typedProperties: database.typedProperties.map(({ property, instruction }) => (instruction.trim() ? { property, instruction: instruction.trim() } : { property })),
    ...(database.allowNewOptions ? { allowNewOptions: true } : {}),
  };
}

/** Reads stored typed properties defensively (a draft stored before they existed has none). */
export function parseTypedProperties(raw: unknown): TypedDraft[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry: unknown) => {
    const item = typeof entry === "object" && entry !== null ? (entry as Record<string, unknown>) : {};
    return typeof item.property === "string" && item.property ? [{ property: item.property, instruction: typeof item.instruction === "string" ? item.instruction : "" }] : [];
  });
}
