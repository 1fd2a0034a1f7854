/**
 * Cutting a tree of blocks into `blocks.children.append` requests that Notion
 * accepts, in as few requests as greedy packing gives.
 *
 * Per request: at most 100 children; each may carry at most 100 children of its
 * own, which may not carry any (two levels of nesting); at most 1000 blocks in
 * all; a JSON body within the byte budget. A table must be created with at least
 * one row, so a table is only ever a first-level block of a request.
 *
 * Deeper levels are written by follow-up requests whose parent is a block
 * created by an earlier request. Notion's response lists the ids of the
 * first-level blocks it created, in order, so a follow-up's parent is named as
 * "block k of step r" and the executor substitutes the id (`resolveParentId`).
 * For that reason a block that has children of its own is always sent at the
 * first level: as a grandchild its id would not be returned.
 *
 * Steps come out in document order (each request is followed by the follow-ups
 * for the blocks it created, depth first), so executing them one after another
 * never lets a later root append overtake earlier content, and the page fills
 * in reading order.
 *
 * Executor (steps must run in order, one at a time):
 *
 *   const created: string[][] = [];
 *   for (const step of planAppends(blocks)) {
 *     const response = await notion.blocks.children.append({
 *       block_id: resolveParentId(step, pageId, created),
 *       children: step.children,
 *     });
 *     created.push(response.results.map((block) => block.id));
 *   }
 */
import { blockType, childrenOf, withChildren } from "./block-tree";
import { jsonByteLength } from "./json-size";
import { MAX_BLOCKS_PER_REQUEST, MAX_CHILDREN_PER_ARRAY, REQUEST_BODY_BYTES_BUDGET } from "./limits";
import type { NotionBlock } from "./types";

/** Where a step appends: the target page/block, or a block created by an earlier step. */
export type ParentRef =
  | { readonly kind: "root" }
  | { readonly kind: "created"; /** index of the earlier step */ readonly step: number; /** index in that step's `children` */ readonly index: number };

/** One `blocks.children.append` call. `children` nests at most two levels (as the SDK type says). */
export interface AppendStep {
  readonly parent: ParentRef;
  readonly children: NotionBlock[];
}

export interface PlanOptions {
  /** Children per array (default 100). */
  readonly maxChildren?: number;
  /** Blocks per request, nested included (default 1000). */
  readonly maxBlocks?: number;
  /** JSON body bytes per request (default: the 450 000-byte budget under Notion's 500 KB). */
  readonly maxBytes?: number;
}

interface Limits {
  readonly maxChildren: number;
  readonly maxBlocks: number;
  readonly maxBytes: number;
}

/** `{"children":[]}` */
const EMPTY_BODY_BYTES = jsonByteLength({ children: [] });

interface Placement {
  /** The block as sent in this request (with the children that fit). */
  readonly block: NotionBlock;
  /** Blocks it adds to the request (itself + inline children). */
  readonly count: number;
  /** JSON bytes it adds, separator included (an upper bound). */
  readonly bytes: number;
  /** Children left for a follow-up append to this block. */
  readonly rest: readonly NotionBlock[];
}

/**
 * Fit one first-level block into the room left in a request: it takes as many
 * of its leading childless children as fit. Returns undefined when not even its
 * minimum fits (`force` places the minimum regardless, for an empty request).
 */
function place(block: NotionBlock, blocksLeft: number, bytesLeft: number, limits: Limits, force: boolean): Placement | undefined {
  const children = childrenOf(block);
  const isTable = blockType(block) === "table";
  const minimum = isTable ? Math.min(1, children.length) : 0;

  let count = 1;
  let bytes: number;
  let k = 0;
  if (children.length === 0) {
    bytes = jsonByteLength(block) + 1;
  } else {
    bytes = jsonByteLength(withChildren(block, [])) + 1;
    for (const child of children) {
      if (k >= limits.maxChildren || childrenOf(child).length > 0) break;
      const size = jsonByteLength(child) + 1;
      const fits = count + 1 <= blocksLeft && bytes + size <= bytesLeft;
      if (!fits && !(force && k < minimum)) break;
      count += 1;
      bytes += size;
      k += 1;
    }
  }
  if (!force && (k < minimum || count > blocksLeft || bytes > bytesLeft)) return undefined;
  return {
    block: children.length === 0 ? block : k > 0 ? withChildren(block, children.slice(0, k)) : withChildren(block, undefined),
    count,
    bytes,
    rest: children.slice(k),
  };
}

function planChildren(parent: ParentRef, blocks: readonly NotionBlock[], limits: Limits, steps: AppendStep[]): void {
  let i = 0;
  while (i < blocks.length) {
    const request: NotionBlock[] = [];
    const followUps: { index: number; children: readonly NotionBlock[] }[] = [];
    let count = 0;
    let bytes = EMPTY_BODY_BYTES;
    for (; i < blocks.length && request.length < limits.maxChildren; i++) {
      const block = blocks[i] as NotionBlock;
      const placed = place(block, limits.maxBlocks - count, limits.maxBytes - bytes, limits, request.length === 0);
      if (placed === undefined) break;
      if (placed.rest.length > 0) followUps.push({ index: request.length, children: placed.rest });
      request.push(placed.block);
      count += placed.count;
      bytes += placed.bytes;
    }
    const step = steps.length;
    steps.push({ parent, children: request });
    for (const { index, children } of followUps) planChildren({ kind: "created", step, index }, children, limits, steps);
  }
}

/**
 * Plan the append requests that write `blocks` (any depth, any number) under one
 * parent. Execute the steps in order; see `resolveParentId`.
 */
export function planAppends(blocks: readonly NotionBlock[], options: PlanOptions = {}): AppendStep[] {
  const limits: Limits = {
    maxChildren: options.maxChildren ?? MAX_CHILDREN_PER_ARRAY,
    maxBlocks: options.maxBlocks ?? MAX_BLOCKS_PER_REQUEST,
    maxBytes: options.maxBytes ?? REQUEST_BODY_BYTES_BUDGET,
  };
  if (limits.maxChildren < 1 || limits.maxBlocks < 2) throw new RangeError("planAppends: limits too small");
  const steps: AppendStep[] = [];
  planChildren({ kind: "root" }, blocks, limits, steps);
  return steps;
}

/**
 * The block id a step appends to. `createdIds[r]` must be the ids Notion
 * returned for step r (`response.results.map((b) => b.id)`), in order.
 */
export function resolveParentId(step: AppendStep, rootId: string, createdIds: readonly (readonly string[])[]): string {
  if (step.parent.kind === "root") return rootId;
  const id = createdIds[step.parent.step]?.[step.parent.index];
  if (id === undefined) throw new Error(`No id for block ${step.parent.index} of step ${step.parent.step}: run the steps in order`);
  return id;
}
