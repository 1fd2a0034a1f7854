import type { DatabaseInspection } from "../../../src/shared/protocol/types";
import type { RowState } from "../../../src/shared/storage/schema";
import { applyInspection } from "../../../src/ui/popup/create/databaseDraft";
import { emptyDraft, type CreateDraft } from "../../../src/ui/popup/create/draft";

export const DB_URL = "https://www.notion.so/Blog-topics-aaaaaaaabbbbccccddddeeeeeeeeeeee";
export const DB_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

type InspectionOverrides = Omit<Partial<DatabaseInspection>, "preview"> & { preview?: Partial<DatabaseInspection["preview"]> };

/** A "Blog topics" database: two checkboxes, two text properties, a status and a select; two of three rows ticked. */
export function makeInspection(overrides: InspectionOverrides = {}): DatabaseInspection {
  const { preview, ...rest } = overrides;
  return {
    databaseId: DB_ID,
    title: "Blog topics",
    url: DB_URL,
    dataSources: [{ id: "ds-1", name: "Blog topics" }],
    dataSourceId: "ds-1",
    properties: [
      { name: "Name", type: "title" },
      { name: "Topic", type: "rich_text" },
      { name: "Generate", type: "checkbox" },
      { name: "Publish", type: "checkbox" },
      { name: "Summary", type: "rich_text" },
      { name: "AI status", type: "status" },
      { name: "Stage", type: "select" },
    ],
    selectionProperty: "Generate",
    suggestedStatusProperty: "AI status",
    ...rest,
    preview: {
      rows: [
        { id: "row-1", title: "Tea", checked: true },
        { id: "row-2", title: "Coffee", checked: false },
        { id: "row-3", title: "Cocoa", checked: true },
      ],
      tickedCount: 2,
      tickedCountIsLowerBound: false,
      ...preview,
    },
  };
}

/** A Create draft on step 2 for a database just inspected (fresh, so opening doesn't read it again). */
export function databaseDraft(inspection = makeInspection(), overrides: Partial<CreateDraft> = {}): CreateDraft {
  return {
    ...emptyDraft(),
    kind: "database",
    url: DB_URL,
    name: "Blog topics",
    step: "prompt",
    target: { kind: "database", id: inspection.databaseId, title: inspection.title, url: inspection.url },
    database: applyInspection(undefined, inspection),
    ...overrides,
  };
}

export function row(rowId: string, state: RowState["state"], extra: Partial<RowState> = {}): RowState {
  return { rowId, title: rowId.replace("row-", "Row "), state, ...extra };
}
