import type { DatabaseInspection } from "../../../shared/protocol/types";

const str = (value: unknown): value is string => typeof value === "string";
const record = (value: unknown): Record<string, unknown> | null =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
const list = <T>(value: unknown, item: (entry: Record<string, unknown>) => T | null): T[] | null => {
  if (!Array.isArray(value)) return null;
  const items = value.map((entry) => {
    const fields = record(entry);
    return fields ? item(fields) : null;
  });
  return items.every((entry) => entry !== null) ? (items as T[]) : null;
};

/** A property's option names, kept only when they are a list of names (older drafts have none). */
const optionsOf = (value: unknown): { options?: string[] } => (Array.isArray(value) && value.every(str) ? { options: value } : {});

/** Reads a stored inspection defensively; null when it isn't one. */
export function parseInspection(raw: unknown): DatabaseInspection | null {
  const item = record(raw);
  const preview = record(item?.preview);
  if (!item || !preview) return null;
  const dataSources = list(item.dataSources, (entry) => (str(entry.id) && str(entry.name) ? { id: entry.id, name: entry.name } : null));
  const properties = list(item.properties, (entry) => (str(entry.name) && str(entry.type) ? { name: entry.name, type: entry.type, ...optionsOf(entry.options) } : null));
  const rows = list(preview.rows, (entry) =>
    str(entry.id) && str(entry.title) && typeof entry.checked === "boolean" ? { id: entry.id, title: entry.title, checked: entry.checked } : null,
  );
  const nullable = (value: unknown) => (value === null || str(value) ? value : undefined);
  const selection = nullable(item.selectionProperty);
  const suggested = nullable(item.suggestedStatusProperty);
  if (!str(item.databaseId) || !str(item.title) || !str(item.url) || !str(item.dataSourceId) || !dataSources || !properties || !rows) return null;
  if (selection === undefined || suggested === undefined || typeof preview.tickedCount !== "number" || typeof preview.tickedCountIsLowerBound !== "boolean") return null;
  return {
    databaseId: item.databaseId,
    title: item.title,
    url: item.url,
    dataSources,
    dataSourceId: item.dataSourceId,
    properties,
    selectionProperty: selection,
    suggestedStatusProperty: suggested,
    preview: { rows, tickedCount: preview.tickedCount, tickedCountIsLowerBound: preview.tickedCountIsLowerBound },
  };
}

