/**
 * Writing a validated typed output (core/typed-output) to a database row, all or nothing, with Undo.
 *
 * API:
 *   writeTypedProperties(client, rowId, patches, { previous?, savePrevious, also? }): Promise<TypedWriteResult>
 *     1. unless `previous` is given (a resumed write: the values saved before the first attempt), reads
 *        the row and awaits `savePrevious(restore patches of exactly the properties in `patches`)`;
 *     2. ONE pages.update with `patches` (plus `also`, e.g. the status or selection checkbox), so Notion
 *        writes every value or none. Setting the same values again changes nothing, so an ambiguous
 *        answer (5xx, dropped connection) is retried, and a resumed write may simply run again.
 *   restoreProperties(client, rowId, previous): Promise<void>   (Undo: one pages.update of the saved values)
 *
 * Order matters for "nothing lost": the previous values are saved before the update can land, and a
 * resumed write never reads them again (it would read its own output).
 */
import type { Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { restorePatchesFor, type RestorePatch } from "../core/property-restore";
import type { PropertyPatch } from "../core/typed-output";
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
  let previous = options.previous;
  if (!previous) {
    const page = await call(() => client.pages.retrieve({ page_id: rowId }));
    previous = restorePatchesFor((page as { properties?: Record<string, unknown> }).properties ?? {}, Object.keys(patches));
    await options.savePrevious(previous);
  }
  const lastEditedTime = await update(client, rowId, { ...options.also, ...patches });
  return { previous, ...(lastEditedTime ? { lastEditedTime } : {}) };
}

export async function restoreProperties(client: Client, rowId: string, previous: Readonly<Record<string, RestorePatch>>): Promise<void> {
  if (Object.keys(previous).length === 0) return;
  await update(client, rowId, previous);
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

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw fromNotionError(error, "this row");
  }
}
