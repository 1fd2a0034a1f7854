import { useRef, useState } from "preact/hooks";
import type { DatabaseInspection } from "../../../shared/protocol/types";
import { errorMessage, request } from "../../messaging";
import { applyInspection, type DatabaseDraft } from "./databaseDraft";
import type { CreateDraft } from "./draft";
import type { DraftPatch } from "./useDraft";

export interface InspectionActions {
  /** What is being done, for a status line ("" when idle). */
  busy: string;
  error: string;
  /** Reads the database again (another data source, another selection checkbox, or just fresher rows). */
  inspect(options: { dataSourceId?: string; selectionProperty?: string }): Promise<void>;
  /** Adds a property after the user agreed; `then` adjusts the setup once it exists. */
  addProperty(name: string, type: "checkbox" | "rich_text", then?: (database: DatabaseDraft) => Partial<DatabaseDraft>): Promise<boolean>;
}

/** The database calls of the setup step, each folding the worker's fresh inspection into the draft. Stale answers are dropped. */
export function useInspection(draft: CreateDraft, update: (patch: DraftPatch, now?: boolean) => void): InspectionActions {
  const [busy, setBusy] = useState("");
  const [error, setError] = useState("");
  const sequence = useRef(0);

  const apply = (inspection: DatabaseInspection, adjust?: (database: DatabaseDraft) => Partial<DatabaseDraft>) =>
    update((current) => {
      const database = applyInspection(current.database, inspection);
      return {
        database: { ...database, ...adjust?.(database) },
        target: { kind: "database", id: inspection.databaseId, title: inspection.title, url: inspection.url },
      };
    }, true);

  const run = async (label: string, work: (isCurrent: () => boolean) => Promise<void>): Promise<boolean> => {
    const ticket = ++sequence.current;
    const isCurrent = () => ticket === sequence.current;
    setBusy(label);
    setError("");
    try {
      await work(isCurrent);
      return true;
    } catch (failure) {
      if (isCurrent()) setError(errorMessage(failure));
      return false;
    } finally {
      if (isCurrent()) setBusy("");
    }
  };

  const inspect: InspectionActions["inspect"] = async ({ dataSourceId, selectionProperty }) => {
    await run("Reading the database…", async (isCurrent) => {
      const inspection = await request("database.inspect", {
        url: draft.url.trim(),
        ...(dataSourceId ? { dataSourceId } : {}),
        ...(selectionProperty ? { selectionProperty } : {}),
      });
      if (isCurrent()) apply(inspection);
    });
  };

  const addProperty: InspectionActions["addProperty"] = (name, type, then) => {
    const database = draft.database;
    if (!database) return Promise.resolve(false);
    const dataSourceId = database.inspection.dataSourceId;
    // The preview should stay on the checkbox in use (the new one, for a checkbox).
    const selection = type === "checkbox" ? name : database.selectionProperty;
    return run("Adding the property…", async (isCurrent) => {
      let inspection = await request("database.addProperty", { dataSourceId, name, type });
      if (selection && inspection.selectionProperty !== selection) {
        inspection = await request("database.inspect", { url: draft.url.trim(), dataSourceId, selectionProperty: selection });
      }
      if (isCurrent()) apply(inspection, then);
    });
  };

  return { busy, error, inspect, addProperty };
}
