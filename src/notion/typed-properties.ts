/**
 * Writing a validated typed output (core/typed-output) to a database row, all or nothing, with Undo.
 *
 * API:
 *   writeTypedProperties(client, rowId, patches, { previous?, savePrevious, also? }): Promise<TypedWriteResult>
 *     1. reads the row; unless `previous` is given (a resumed write: the values saved before the first
 *        attempt), awaits `savePrevious(restore patches of exactly the properties in `patches`)`. A resumed
 *        write whose update already landed sends nothing; one whose row holds neither the previous nor the
 *        written values (the user edited it since) fails with notion_conflict rather than overwrite them;
 *     2. ONE pages.update with `patches` (plus `also`, e.g. the status or selection checkbox), so Notion
 *        writes every value or none. Setting the same values again changes nothing, so an ambiguous
 *        answer (5xx, dropped connection) is retried.
 *   restoreProperties(client, rowId, previous, written?): Promise<{ restored, kept }>
 *     Undo: one pages.update of the saved values. With `written` (the patches the run wrote), the row is
 *     read first and a property the user changed since keeps the user's value (listed in `kept`).
 *
 * Order matters for "nothing lost": the previous values are saved before the update can land, and a
 * resumed write never takes what it reads for them (it could be its own output).
 */
import type { Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { restorePatchesFor, type RestorePatch } from "../core/property-restore";
import type { PropertyPatch } from "../core/typed-output";
import { stillWritten, typedWriteState } from "../core/typed-write-state";
import { fromNotionError } from "./errors";
import { AmbiguousWriteError } from "./scheduler";

const MAX_ATTEMPTS = 3;

export interface TypedWriteOptions {
  /** The restore patches saved by an earlier attempt at this write; when given, the row is not read again. */
  previous?: Record<string, RestorePatch>;
  /** Saves the restore patches; awaited before the update is sent. */
  savePrevious: (previous: Record<string, RestorePatch>) => Promise<void>;
  /** More properties to set in the same update (not saved for Undo), e.g. `{ Status: { status: { name: "Done" } } }`. */
  also?: Record<string, unknown>;
}

export interface TypedWriteResult {
  /** What Undo writes back (the saved values). */
  previous: Record<string, RestorePatch>;
  /** The row's last_edited_time after the update, as Notion reports it. */
  lastEditedTime?: string;
}

export async function writeTypedProperties(client: Client, rowId: string, patches: Readonly<Record<string, PropertyPatch>>, options: TypedWriteOptions): Promise<TypedWriteResult> {
  const row = await call(() => client.pages.retrieve({ page_id: rowId }));
  const current = restorePatchesFor((row as { properties?: Record<string, unknown> }).properties ?? {}, Object.keys(patches));
  let previous = options.previous;
  if (!previous) {
    previous = current;
    await options.savePrevious(previous);
  } else {
    // A resumed write: the update may have landed before the stop. Sent again over an edit the user made
    // since, it would overwrite that edit, so it goes only to a row still holding the previous values.
    const state = typedWriteState(current, patches, previous);
    if (state === "written") return { previous, ...lastEdited(row) };
    if (state === "edited") throw rowEdited();
  }
  const lastEditedTime = await update(client, rowId, { ...options.also, ...patches });
  return { previous, ...(lastEditedTime ? { lastEditedTime } : {}) };
}

export async function restoreProperties(
  client: Client,
  rowId: string,
  previous: Readonly<Record<string, RestorePatch>>,
  written?: Readonly<Record<string, PropertyPatch>>,
): Promise<{ restored: string[]; kept: string[] }> {
  let names = Object.keys(previous);
  if (written) {
    const row = await call(() => client.pages.retrieve({ page_id: rowId }));
    const current = restorePatchesFor((row as { properties?: Record<string, unknown> }).properties ?? {}, Object.keys(written));
    const untouched = new Set(stillWritten(current, written));
    names = names.filter((name) => !(name in written) || untouched.has(name));
  }
  const kept = Object.keys(previous).filter((name) => !names.includes(name));
  if (names.length > 0) await update(client, rowId, Object.fromEntries(names.map((name) => [name, previous[name]])));
  return { restored: names, kept };
}

async function update(client: Client, rowId: string, properties: Record<string, unknown>): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const page = await client.pages.update({ page_id: rowId, properties: properties as never });
      return (page as { last_edited_time?: string }).last_edited_time;
    } catch (error) {
      // The same values again change nothing: an update whose answer was lost is safe to send again.
      if (error instanceof AmbiguousWriteError && attempt < MAX_ATTEMPTS) continue;
      if (error instanceof AmbiguousWriteError) throw new InkwellError("notion_unavailable", "Notion kept failing while writing the row's properties, so they may not have been written. Try again in a few minutes.", { retryable: true });
      throw fromNotionError(error, "this row");
    }
  }
}

const lastEdited = (page: unknown): { lastEditedTime?: string } => {
  const time = (page as { last_edited_time?: string }).last_edited_time;
  return time ? { lastEditedTime: time } : {};
};

const rowEdited = () =>
  new InkwellError(
    "notion_conflict",
    "This row was edited while Inkwell was writing to it, so Inkwell left your edits as they are and did not write its answer. Generate again to write it.",
  );

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw fromNotionError(error, "this row");
  }
}
