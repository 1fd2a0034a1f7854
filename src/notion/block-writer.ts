/**
 * The journaled block writer: Notion blocks into a page (or row) body, exactly once.
 *
 * API:
 *   new NotionBlockWriter(client, targetId, { placement?, resendPossible? })
 *     .prime()                                  reads where the first write goes (optional)
 *     .write(blocks, { resume?, record? })      one journaled write; later writes follow it
 *   writeBlocks(client, targetId, blocks, { placement?, resume?, record?, resendPossible? })
 *     the same, for a single write.
 * `placement` (default "append"): "top" inserts before the target's first child; `{ after: id }` right
 * after that child (a replace in place: see replace-output.ts; or a "top" output continued after a stop,
 * after its last block written). A saved journal (`resume`) holds the placement itself.
 */
import { APIResponseError, type Client } from "@notionhq/client";
import { InkwellError } from "../core/errors";
import { countBlocks, planAppends, type AppendStep, type NotionBlock } from "../core/markdown";
import { childrenOf } from "../core/markdown/block-tree";
import {
  findResentCopy,
  newJournal,
  nextStep,
  reconcileStep,
  topLevelIds,
  withStep,
  type AppendJournal,
  type ListedChild,
  type NextStep,
  type SentChild,
} from "../core/exactly-once/append-journal";
import type { BlockSink } from "../core/block-sink";
import { fingerprint } from "./block-fingerprint";
import { fromNotionError } from "./errors";
import { AmbiguousWriteError } from "./scheduler";
import { keepResourceTimingRoom, resendPossible } from "./transport";

const MAX_ATTEMPTS = 4;

export interface WriteOptions {
  /** A journal saved by an earlier (stopped) attempt at this same write: continue it. */
  resume?: AppendJournal | undefined;
  /**
   * Saves the journal: called before the first request (with the anchor) and
   * after every completed step, and awaited before the next request starts.
   * `topLevelIds` are the target's blocks this write created so far.
   */
  record?: (journal: AppendJournal, topLevelIds: string[]) => Promise<void>;
}

/**
 * Where a writer's first write goes: "append" (the default) after the target's last child; "top" before
 * its first child (Notion's `position: { type: "start" }`); `{ after: id }` right after that child of the
 * target (a replace in place, or a top write continued after a stop). Each later write of the same writer
 * follows the blocks the previous one wrote.
 */
export type Placement = "append" | "top" | { after: string };

export interface BlockWriterOptions {
  /** Whether the write to this path may have been resent by the browser (default: from Resource Timing). */
  resendPossible?: (path: string) => boolean;
  placement?: Placement;
}

const conflict = () =>
  new InkwellError(
    "notion_conflict",
    "The page changed while Inkwell was writing to it, so Inkwell stopped to avoid writing anything twice. What was written stays; generate again when the page is not being edited.",
  );

/**
 * Appends blocks under a page (or block) following the append plan, exactly
 * once. Every step is journaled (see core/exactly-once/append-journal): after
 * an ambiguous answer (a 5xx, a dropped connection), after a restart, or after
 * a write the browser may have sent twice (HTTP/1.1), the writer lists the
 * step's parent and looks only after the position the journal proves, so it
 * never adopts older identical blocks, never writes a step twice, and never
 * leaves nested children behind.
 */
export class NotionBlockWriter implements BlockSink {
  /**
   * Where the next write goes, as far as this writer knows (undefined = not read yet): after `anchor`
   * (null: at the start), and, when inserting, before `before` (see AppendJournal).
   */
  private next: { anchor: string | null; before?: string | null } | undefined;
  private readonly resendPossible: (path: string) => boolean;
  private readonly placement: Placement;

  constructor(
    private readonly client: Client,
    private readonly rootId: string,
    options: BlockWriterOptions = {},
  ) {
    this.resendPossible = options.resendPossible ?? resendPossible;
    this.placement = options.placement ?? "append";
  }

  /** Reads where the first write goes now, so it needs no extra read. */
  async prime(): Promise<void> {
    if (this.placement === "append") {
      const children = await this.listChildren(this.rootId);
      this.next = { anchor: children.at(-1)?.id ?? null };
      return;
    }
    const anchor = this.placement === "top" ? null : this.placement.after;
    // Inserting needs only the children up to the one after the anchor, not the rest of a long page.
    const children = await this.listChildren(this.rootId, (listed) => {
      const at = anchor === null ? -1 : listed.findIndex((child) => child.id === anchor);
      return (anchor === null || at >= 0) && at + 1 < listed.length;
    });
    const at = anchor === null ? -1 : children.findIndex((child) => child.id === anchor);
    if (anchor !== null && at < 0) throw conflict();
    this.next = { anchor, before: children[at + 1]?.id ?? null };
  }

  async write(blocks: NotionBlock[], options: WriteOptions = {}): Promise<{ topLevelIds: string[]; blockCount: number }> {
    const plan = planAppends(blocks);
    let journal = options.resume;
    const resumed = journal !== undefined;
    if (!journal) {
      if (this.next === undefined) await this.prime();
      journal = newJournal(this.next!.anchor, this.next!.before);
      await options.record?.(journal, []);
    }
    let reconcileFirst = resumed;
    for (let next = nextStep(plan, journal, this.rootId); next; next = nextStep(plan, journal, this.rootId)) {
      const ids = await this.runStep(plan[next.index]!, next, reconcileFirst);
      reconcileFirst = false;
      journal = withStep(journal, { parentId: next.parentId, ids });
      await options.record?.(journal, topLevelIds(plan, journal));
    }
    const written = topLevelIds(plan, journal);
    if (written.length > 0) this.next = { anchor: written.at(-1)!, ...(journal.before === undefined ? {} : { before: journal.before }) };
    return { topLevelIds: written, blockCount: countBlocks(blocks) };
  }

  private async runStep(step: AppendStep, next: NextStep, reconcileFirst: boolean): Promise<string[]> {
    const sent = step.children.map(sentChild);
    if (reconcileFirst) {
      const adopted = await this.reconcile(next, sent);
      if (adopted) return adopted;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.client.blocks.children.append({ block_id: next.parentId, children: step.children as never, ...requestPosition(next) });
        const ids = response.results.map((block) => block.id);
        if (this.resendPossible(`/blocks/${next.parentId}/children`)) await this.removeResentCopy(next, sent, ids);
        keepResourceTimingRoom();
        return ids;
      } catch (error) {
        if (!(error instanceof AmbiguousWriteError)) throw error instanceof InkwellError ? error : fromNotionError(error, "the page");
        const adopted = await this.reconcile(next, sent);
        if (adopted) return adopted;
        if (attempt >= MAX_ATTEMPTS) throw new InkwellError("notion_unavailable", "Notion kept failing while writing. What was written stays; try again in a few minutes.", { retryable: true });
      }
    }
  }

  /** The step's ids if it landed (a second copy removed), undefined if it did not. */
  private async reconcile(next: NextStep, sent: SentChild[]): Promise<string[] | undefined> {
    const outcome = reconcileStep(await this.listChildren(next.parentId, untilBefore(next)), next.position, sent);
    switch (outcome.kind) {
      case "not-applied":
        return undefined;
      case "applied":
        return outcome.ids;
      case "applied-twice":
        await this.remove(outcome.extra);
        return outcome.ids;
      case "conflict":
        throw conflict();
    }
  }

  private async removeResentCopy(next: NextStep, sent: SentChild[], returned: string[]): Promise<void> {
    const check = findResentCopy(await this.listChildren(next.parentId, untilBefore(next)), next.position, sent, returned);
    if ("kind" in check) throw conflict();
    await this.remove(check.extra);
  }

  private async remove(ids: string[]): Promise<void> {
    for (const id of ids) {
      try {
        await this.client.blocks.delete({ block_id: id });
      } catch (error) {
        // Already gone (a delete that landed before its answer was lost).
        if (APIResponseError.isAPIResponseError(error) && (error.status === 404 || error.status === 400)) continue;
        if (error instanceof AmbiguousWriteError) continue;
        throw fromNotionError(error, "a block written twice");
      }
    }
  }

  /** The children of `blockId`, in order; with `enough`, reading stops after the page on which it holds. */
  private async listChildren(blockId: string, enough?: (listed: readonly ListedChild[]) => boolean): Promise<ListedChild[]> {
    const blocks: ListedChild[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.client.blocks.children.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
      for (const block of page.results) {
        const listed = block as { id: string; has_children?: boolean; in_trash?: boolean; archived?: boolean };
        blocks.push({ id: listed.id, print: fingerprint(block), hasChildren: listed.has_children === true });
      }
      cursor = page.has_more && page.next_cursor && !enough?.(blocks) ? page.next_cursor : undefined;
    } while (cursor);
    return blocks;
  }
}

/** One journaled write of `blocks` into `targetId` (see NotionBlockWriter). */
export function writeBlocks(
  client: Client,
  targetId: string,
  blocks: NotionBlock[],
  options: WriteOptions & BlockWriterOptions = {},
): Promise<{ topLevelIds: string[]; blockCount: number }> {
  const { resume, record, ...writer } = options;
  return new NotionBlockWriter(client, targetId, writer).write(blocks, { resume, ...(record ? { record } : {}) });
}

/** Inserting: Notion's `position` for the step (appending needs none: the end is Notion's default). */
function requestPosition(next: NextStep): { position?: { type: "start" } | { type: "after_block"; after_block: { id: string } } } {
  const position = next.position;
  if (position.kind !== "after-id" || position.before === undefined) return {};
  return { position: position.id === null ? { type: "start" } : { type: "after_block", after_block: { id: position.id } } };
}

/**
 * Inserting: everything a step's reconciling looks at lies before the child it was inserted in front of,
 * so the listing can stop once that child is seen (the rest of a long page costs no requests).
 */
function untilBefore(next: NextStep): ((listed: readonly ListedChild[]) => boolean) | undefined {
  const position = next.position;
  if (position.kind !== "after-id" || typeof position.before !== "string") return undefined;
  const before = position.before;
  return (listed) => listed.some((child) => child.id === before);
}

function sentChild(block: NotionBlock): SentChild {
  return { print: fingerprint(block), hasChildren: childrenOf(block).length > 0 };
}
