import type { NotionBlock } from "./markdown";

/**
 * Where a page run sends finished blocks: the Notion gateway's journaled block
 * writer in the product, a recording fake in tests. Returns the ids of the
 * top-level blocks it created.
 */
export interface BlockSink {
  write(
    blocks: NotionBlock[],
    options?: {
      /** Called after every append request (and before the next one starts) with the top-level ids created so far; awaited. */
      record?: (journal: unknown, topLevelIds: string[]) => Promise<void>;
    },
  ): Promise<{ topLevelIds: string[]; blockCount: number }>;
}
