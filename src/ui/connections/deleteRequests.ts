import { errorMessage, request } from "../messaging";

/** The most ids one connection.delete or connection.restore takes (protocol/schemas.ts `idList`); more go in several requests. */
export const IDS_PER_REQUEST = 1_000;

export function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += IDS_PER_REQUEST) out.push(items.slice(start, start + IDS_PER_REQUEST));
  return out;
}

/**
 * Deletes in requests of at most IDS_PER_REQUEST ids. Each chunk is deleted for good before the next is sent,
 * so when one fails, what was deleted before it is known (and can be undone).
 */
export async function deleteInChunks(ids: readonly string[]): Promise<{ done: string[]; deleted: number; failed: string }> {
  const done: string[] = [];
  let deleted = 0;
  let failed = "";
  for (const chunk of chunks(ids)) {
    try {
      deleted += (await request("connection.delete", { ids: chunk })).deleted;
      done.push(...chunk);
    } catch (failure) {
      failed = errorMessage(failure);
      break;
    }
  }
  return { done, deleted, failed };
}
