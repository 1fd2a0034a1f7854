/**
 * Building stored blocks from (already validated) request objects, and placing
 * them in a parent's child list (`position`: end, start, after_block).
 */
import { BLOCK_SPECS } from "./block-types";
import { bodyInvalid, shown } from "./errors";
import { newId, normalizeId } from "./ids";
import { blockTypeOf, isObject } from "./limits";
import { richTextFromRequest, type MentionText } from "./rich-text";
import type { BlockRec, Json, ParentRef, Store } from "./store";

export interface WriteContext {
  store: Store;
  /** The user (bot or person) doing the write. */
  by: string;
  now: string;
  mentionText: MentionText;
}

/** Creates the blocks (and their nested children) under `parent`; returns the top-level ones. Does not link them into the parent. */
export function buildBlocks(children: readonly unknown[], parent: ParentRef, ctx: WriteContext): BlockRec[] {
  return children.map((raw) => buildBlock(raw as Json, parent, ctx));
}

function buildBlock(raw: Json, parent: ParentRef, ctx: WriteContext): BlockRec {
  const type = blockTypeOf(raw)!;
  const spec = BLOCK_SPECS[type]!;
  const { children, ...payload } = (raw[type] ?? {}) as Json;
  const data: Json = { ...payload };
  for (const [key, value] of Object.entries(spec.defaults)) if (data[key] === undefined) data[key] = value;
  for (const field of spec.richText) if (data[field] !== undefined) data[field] = richTextFromRequest(data[field], ctx.mentionText);
  if (type === "table_row") data.cells = (data.cells as unknown[]).map((cell) => richTextFromRequest(cell, ctx.mentionText));
  if (type === "file" || type === "image" || type === "video" || type === "pdf" || type === "audio") {
    data.type = isObject(data.file_upload) ? "file_upload" : "external";
  }
  if (type === "link_to_page") {
    const key = data.page_id !== undefined ? "page_id" : "database_id";
    Object.assign(data, { type: key, [key]: normalizeId(data[key]) });
  }
  const rec: BlockRec = {
    kind: "block",
    id: newId(),
    parent,
    type,
    data,
    children: [],
    createdTime: ctx.now,
    lastEditedTime: ctx.now,
    createdBy: ctx.by,
    lastEditedBy: ctx.by,
    inTrash: false,
  };
  ctx.store.add(rec);
  ctx.store.blocksCreated++;
  if (Array.isArray(children)) {
    rec.children = buildBlocks(children, { type: "block_id", id: rec.id }, ctx).map((child) => child.id);
  }
  return rec;
}

export type Position = { type: "end" } | { type: "start" } | { type: "after_block"; id: string };

/** Reads `position` (2026-03-11) or the legacy `after` (2025-09-03) from an append or create body. */
export function positionFromRequest(position: unknown, after: unknown, path = "body.position"): Position {
  if (after !== undefined) {
    const id = normalizeId(after);
    if (id === undefined) throw bodyInvalid(`body.after should be a valid uuid, instead was \`${shown(after)}\`.`);
    return { type: "after_block", id };
  }
  if (position === undefined) return { type: "end" };
  if (!isObject(position)) throw bodyInvalid(`${path} should be an object, instead was \`${shown(position)}\`.`);
  const type = position.type;
  if (type === "end" || type === "page_end") return { type: "end" };
  if (type === "start" || type === "page_start") return { type: "start" };
  if (type === "after_block") {
    const target = isObject(position.after_block) ? position.after_block.id : undefined;
    const id = normalizeId(target);
    if (id === undefined) throw bodyInvalid(`${path}.after_block.id should be a valid uuid, instead was \`${shown(target)}\`.`);
    return { type: "after_block", id };
  }
  throw bodyInvalid(`${path}.type should be \`"end"\`, \`"start"\` or \`"after_block"\`, instead was \`${shown(type)}\`.`);
}

/** Where in `list` new children go; throws before anything is written when `after_block` is not a live child. */
export function insertIndex(store: Store, containerId: string, list: readonly string[], position: Position): number {
  if (position.type === "start") return 0;
  if (position.type === "end") return list.length;
  const index = list.indexOf(position.id);
  if (index < 0 || store.get(position.id)?.inTrash) {
    throw bodyInvalid(`body.position.after_block.id \`${position.id}\` is not a child of block \`${containerId}\`.`);
  }
  return index + 1;
}
