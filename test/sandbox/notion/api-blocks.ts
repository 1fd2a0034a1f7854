/** GET/PATCH/DELETE /v1/blocks/:id and GET/PATCH /v1/blocks/:id/children. */
import { checkBlockQuota, checkEditable, paginate, pathId, trashFlag, visible, writeContext, type ApiContext, type EndpointHandler } from "./api-context";
import { BLOCK_SPECS, CODE_LANGUAGES } from "./block-types";
import { buildBlocks, insertIndex, positionFromRequest } from "./blocks";
import { archivedBlock, bodyInvalid, notFound, notPresent, shouldBeDefined, shown, validation } from "./errors";
import { checkChildren, checkRichText, checkString, isObject, LIMITS, oneOf } from "./limits";
import { richTextFromRequest } from "./rich-text";
import type { BlockRec, Json, Rec } from "./store";

/** A page, block or database reachable as a block (data sources are not blocks). */
function blockRec(ctx: ApiContext, id: string): Exclude<Rec, { kind: "data_source" }> {
  const rec = visible(ctx, id, "block");
  if (rec.kind === "data_source") throw notFound("block", id);
  return rec;
}

export const retrieveBlock: EndpointHandler = (ctx, req) => ctx.ser.block(blockRec(ctx, pathId(req, "block_id")));

export const listChildren: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "block_id");
  blockRec(ctx, id);
  const { page, next } = paginate(ctx.store.liveChildren(id), req.query.get("start_cursor") ?? undefined, req.query.get("page_size") ?? undefined, "query.page_size");
  return ctx.ser.list(
    page.map((child) => ctx.ser.block(ctx.store.get(child)!)),
    next,
    "block",
  );
};

export const appendChildren: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "block_id");
  const parent = blockRec(ctx, id);
  const body = req.body;
  if (ctx.store.isTrashed(id)) throw archivedBlock();
  const parentType = parent.kind === "block" ? parent.type : parent.kind === "page" ? "page" : "child_database";
  if (parent.kind === "database" || (parent.kind === "block" && !BLOCK_SPECS[parent.type]?.children)) {
    throw validation(`Block type ${parentType} does not support children.`);
  }
  // 2026-03-11 replaced `after` with `position`; 2025-09-03 takes either, but not both.
  if (body.after !== undefined && ctx.version !== "2025-09-03") throw notPresent("body.after", body.after);
  if (body.after !== undefined && body.position !== undefined) throw bodyInvalid("body.after should be not present when body.position is given.");
  if (body.children === undefined) throw shouldBeDefined("body.children");
  const tableWidth = parent.kind === "block" && parent.type === "table" ? (parent.data.table_width as number) : undefined;
  const count = checkChildren(body.children, "body.children", {
    maxNestingDepth: ctx.settings.maxNestingDepth,
    parent: { type: parentType, tableWidth },
  });
  const list = ctx.store.childList(id)!;
  const at = insertIndex(ctx.store, id, list, positionFromRequest(body.position, body.after));
  checkBlockQuota(ctx, count);
  const write = writeContext(ctx);
  return ctx.store.write(() => {
    const created = buildBlocks(body.children as unknown[], parent.kind === "page" ? { type: "page_id", id } : { type: "block_id", id }, write);
    list.splice(at, 0, ...created.map((b) => b.id));
    parent.lastEditedTime = write.now;
    parent.lastEditedBy = write.by;
    return ctx.ser.list(
      created.map((b) => ctx.ser.block(b)),
      null,
      "block",
    );
  });
};

export const updateBlock: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "block_id");
  const rec = blockRec(ctx, id);
  const body = req.body;
  const trash = trashFlag(ctx, body);
  checkEditable(ctx, id, trash);
  const payloadKeys = Object.keys(body).filter((k) => k !== "in_trash" && k !== "archived" && k !== "type");
  const ownType = rec.kind === "block" ? rec.type : rec.kind === "page" ? "child_page" : "child_database";
  for (const key of payloadKeys) if (key !== ownType) throw notPresent(`body.${key}`, body[key]);
  const update = rec.kind === "block" && body[ownType] !== undefined ? checkUpdate(rec, body[ownType]) : undefined;
  const write = writeContext(ctx);
  return ctx.store.write(() => {
    if (update && rec.kind === "block") {
      for (const [field, value] of Object.entries(update)) {
        rec.data[field] = BLOCK_SPECS[rec.type]!.richText.includes(field) ? richTextFromRequest(value, write.mentionText) : value;
      }
      if (rec.type === "table_row" && update.cells) rec.data.cells = (update.cells as unknown[]).map((c) => richTextFromRequest(c, write.mentionText));
    }
    if (trash !== undefined) rec.inTrash = trash;
    rec.lastEditedTime = write.now;
    rec.lastEditedBy = write.by;
    return ctx.ser.block(rec);
  });
};

/** Validates a partial payload of PATCH /v1/blocks/:id; returns the fields to merge. */
function checkUpdate(block: BlockRec, raw: unknown): Json {
  const at = `body.${block.type}`;
  if (!isObject(raw)) throw bodyInvalid(`${at} should be an object, instead was \`${shown(raw)}\`.`);
  if (raw.children !== undefined) throw notPresent(`${at}.children`, raw.children);
  const spec = BLOCK_SPECS[block.type]!;
  for (const field of spec.richText) if (raw[field] !== undefined) checkRichText(raw[field], `${at}.${field}`);
  if (raw.language !== undefined && (typeof raw.language !== "string" || !CODE_LANGUAGES.has(raw.language))) {
    throw bodyInvalid(`${at}.language should be ${oneOf([...CODE_LANGUAGES])}, instead was \`${shown(raw.language)}\`.`);
  }
  if (raw.expression !== undefined) checkString(raw.expression, `${at}.expression`, LIMITS.equation);
  if (raw.checked !== undefined && typeof raw.checked !== "boolean") throw bodyInvalid(`${at}.checked should be a boolean, instead was \`${shown(raw.checked)}\`.`);
  if (raw.url !== undefined) checkString(raw.url, `${at}.url`, LIMITS.url);
  if (block.type === "table_row" && raw.cells !== undefined) {
    const width = (block.data.cells as unknown[]).length;
    if (!Array.isArray(raw.cells)) throw bodyInvalid(`${at}.cells should be an array, instead was \`${shown(raw.cells)}\`.`);
    if (raw.cells.length !== width) throw bodyInvalid(`${at}.cells.length should be \`${width}\` (the table's table_width), instead was \`${raw.cells.length}\`.`);
    raw.cells.forEach((cell, i) => checkRichText(cell, `${at}.cells[${i}]`));
  }
  if (block.type === "table" && raw.table_width !== undefined) throw notPresent(`${at}.table_width`, raw.table_width);
  return raw;
}

export const deleteBlock: EndpointHandler = (ctx, req) => {
  const id = pathId(req, "block_id");
  const rec = blockRec(ctx, id);
  checkEditable(ctx, id, true);
  const write = writeContext(ctx);
  return ctx.store.write(() => {
    rec.inTrash = true;
    rec.lastEditedTime = write.now;
    rec.lastEditedBy = write.by;
    return ctx.ser.block(rec);
  });
};
