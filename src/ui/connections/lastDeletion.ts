import browser from "webextension-polyfill";

/**
 * The last delete, kept in storage.local so that Undo survives the popup
 * closing (a click into Notion closes it). A UI key like "ui:createDraft":
 * read defensively, not part of the storage schema.
 */
export const LAST_DELETION_KEY = "ui:lastDeletion";

export interface LastDeletion {
  ids: string[];
  names: string[];
  /** When the (latest) delete happened, ms since the epoch. */
  at: number;
}

const strings = (value: unknown): string[] | null => (Array.isArray(value) && value.every((item) => typeof item === "string") ? value : null);

export function readLastDeletion(value: unknown): LastDeletion | null {
  if (!value || typeof value !== "object") return null;
  const item = value as Record<string, unknown>;
  const ids = strings(item.ids);
  const names = strings(item.names);
  if (!ids?.length || !names || typeof item.at !== "number") return null;
  return { ids, names, at: item.at };
}

/** The stored delete, if any (a reopened popup offers its Undo again). */
export const loadLastDeletion = async (): Promise<LastDeletion | null> => readLastDeletion((await browser.storage.local.get(LAST_DELETION_KEY))[LAST_DELETION_KEY]);

export const saveLastDeletion = (deletion: LastDeletion) => browser.storage.local.set({ [LAST_DELETION_KEY]: deletion }).catch(() => undefined);

/** Forgets the stored delete, unless a newer one (from another window) replaced it. */
export async function forgetLastDeletion(at: number): Promise<void> {
  try {
    const stored = readLastDeletion((await browser.storage.local.get(LAST_DELETION_KEY))[LAST_DELETION_KEY]);
    if (!stored || stored.at === at) await browser.storage.local.remove(LAST_DELETION_KEY);
  } catch {
    // Nothing to undo is shown once the window has passed anyway.
  }
}
