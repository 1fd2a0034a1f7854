/**
 * Generic access to a block's type and children. Every block request keeps its
 * payload under a key named after its type (`{ type: "paragraph", paragraph: {…} }`)
 * and its children, if any, in `payload.children`: these helpers rely on that one
 * convention so the planner does not need a case per block type.
 */
import type { NotionBlock } from "./types";

type Payload = { children?: NotionBlock[] } & Record<string, unknown>;

/** The block's type: its `type` field, or else its single payload key. */
export function blockType(block: NotionBlock): string {
  if (typeof block.type === "string") return block.type;
  const key = Object.keys(block).find((k) => k !== "object" && k !== "type");
  if (key === undefined) throw new Error("Block request without a payload");
  return key;
}

function payloadOf(block: NotionBlock): Payload | undefined {
  const payload = (block as unknown as Record<string, unknown>)[blockType(block)];
  return typeof payload === "object" && payload !== null ? (payload as Payload) : undefined;
}

/** The block's children (empty when it has none). */
export function childrenOf(block: NotionBlock): readonly NotionBlock[] {
  return payloadOf(block)?.children ?? [];
}

/**
 * A copy of the block with `children` replaced (or removed when `children` is
 * undefined). The original is not modified.
 */
export function withChildren(block: NotionBlock, children: readonly NotionBlock[] | undefined): NotionBlock {
  const type = blockType(block);
  const payload: Payload = { ...payloadOf(block) };
  if (children === undefined) delete payload.children;
  else payload.children = [...children];
  return { ...block, [type]: payload } as unknown as NotionBlock;
}

/** Number of blocks in the forest, nested ones included (what Notion counts per request). */
export function countBlocks(blocks: readonly NotionBlock[]): number {
  let n = 0;
  for (const block of blocks) n += 1 + countBlocks(childrenOf(block));
  return n;
}
