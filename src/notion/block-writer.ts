import type { Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { countBlocks, planAppends, resolveParentId, type NotionBlock } from "../core/markdown";
import { childrenOf } from "../core/markdown/block-tree";
import type { BlockSink } from "../background/page-run";
import { fingerprint } from "./block-fingerprint";
import { fromNotionError } from "./errors";
import { AmbiguousWriteError } from "./scheduler";

const MAX_ATTEMPTS = 4;

/**
 * Appends blocks under a page (or block) following the append plan, and never
 * writes the same blocks twice.
 *
 * The scheduler never resends an append whose outcome is unknown (a 5xx or a
 * lost connection): it throws AmbiguousWriteError. The writer then reads what
 * the parent holds. Because it tracks how many children each parent it writes
 * to has, it can tell "applied" (count grew by exactly this batch, and the new
 * tail is the batch) from "not applied" (count unchanged, safe to send again).
 * Anything else means someone else edited the same place meanwhile: it stops
 * with a clear error rather than risk a duplicate.
 */
export class NotionBlockWriter implements BlockSink {
  /** Known number of children per parent id; undefined = not known yet. */
  private readonly childCounts = new Map<string, number>();

  constructor(
    private readonly client: Client,
    private readonly rootId: string,
  ) {}

  /** Reads the root's current child count, so a later ambiguous write can be checked. One list call per 100 existing blocks. */
  async prime(): Promise<void> {
    this.childCounts.set(this.rootId, (await this.listChildren(this.rootId)).length);
  }

  /**
   * For a write that may have happened before the worker was stopped: the ids
   * of `blocks` if the parent already ends with them (compared by type and
   * text), undefined otherwise.
   */
  async findWritten(blocks: NotionBlock[]): Promise<string[] | undefined> {
    if (blocks.length === 0) return [];
    const existing = await this.listChildren(this.rootId);
    this.childCounts.set(this.rootId, existing.length);
    const tail = existing.slice(-blocks.length);
    const matches = tail.length === blocks.length && tail.every((block, index) => fingerprint(block) === fingerprint(blocks[index]));
    return matches ? tail.map((block) => block.id) : undefined;
  }

  async write(blocks: NotionBlock[]): Promise<{ topLevelIds: string[]; blockCount: number }> {
    const created: string[][] = [];
    const topLevelIds: string[] = [];
    for (const step of planAppends(blocks)) {
      const parentId = resolveParentId(step, this.rootId, created);
      const ids = await this.append(parentId, step.children);
      created.push(ids);
      // A block created with some of its children inline starts with that many.
      step.children.forEach((child, index) => this.childCounts.set(ids[index]!, childrenOf(child).length));
      if (step.parent.kind === "root") topLevelIds.push(...ids);
    }
    return { topLevelIds, blockCount: countBlocks(blocks) };
  }

  private async append(parentId: string, children: NotionBlock[]): Promise<string[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.client.blocks.children.append({ block_id: parentId, children: children as never });
        const ids = response.results.map((block) => block.id);
        this.bump(parentId, ids.length);
        return ids;
      } catch (error) {
        if (!(error instanceof AmbiguousWriteError)) throw fromNotionError(error, "the page");
        const applied = await this.reconcile(parentId, children);
        if (applied) return applied;
        if (attempt >= MAX_ATTEMPTS) throw new InkwellError("notion_unavailable", "Notion kept failing while writing. What was written stays; try again in a few minutes.", { retryable: true });
      }
    }
  }

  /** After an ambiguous append: the ids of the batch if Notion applied it, undefined if it did not. */
  private async reconcile(parentId: string, batch: NotionBlock[]): Promise<string[] | undefined> {
    const before = this.childCounts.get(parentId);
    const now = await this.listChildren(parentId);
    const tail = now.slice(-batch.length);
    const tailMatches = tail.length === batch.length && tail.every((block, index) => fingerprint(block) === fingerprint(batch[index]));
    if (before === undefined) {
      // Unknown starting point (a row body written without prime()): only a tail that matches the batch counts as applied.
      if (tailMatches) return this.accept(parentId, now.length, tail);
      this.childCounts.set(parentId, now.length);
      return undefined;
    }
    if (now.length === before) return undefined;
    if (now.length === before + batch.length && tailMatches) return this.accept(parentId, now.length, tail);
    throw new InkwellError(
      "notion_conflict",
      "The page changed while Inkwell was writing to it, so Inkwell stopped to avoid writing anything twice. What was written stays; generate again when the page is not being edited.",
    );
  }

  private accept(parentId: string, count: number, tail: { id: string }[]): string[] {
    this.childCounts.set(parentId, count);
    return tail.map((block) => block.id);
  }

  private bump(parentId: string, added: number): void {
    const known = this.childCounts.get(parentId);
    if (known !== undefined) this.childCounts.set(parentId, known + added);
  }

  private async listChildren(blockId: string): Promise<{ id: string }[]> {
    const blocks: { id: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.blocks.children.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      blocks.push(...page.results);
      cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
    } while (cursor);
    return blocks;
  }
}
