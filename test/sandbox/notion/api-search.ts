/** POST /v1/search: titles of shared pages and data sources, most recently edited first. */
import { paginate, type EndpointHandler } from "./api-context";
import { bodyInvalid, shown } from "./errors";
import { isObject } from "./limits";
import { listedPage, titleOf } from "./serialize";
import type { Rec } from "./store";

export const search: EndpointHandler = (ctx, req) => {
  const body = req.body;
  const query = typeof body.query === "string" ? body.query.trim().toLowerCase() : "";
  let only: "page" | "data_source" | undefined;
  if (body.filter !== undefined) {
    if (!isObject(body.filter)) throw bodyInvalid(`body.filter should be an object, instead was \`${shown(body.filter)}\`.`);
    const value = body.filter.value;
    if (body.filter.property !== undefined) {
      if (body.filter.property !== "object") throw bodyInvalid(`body.filter.property should be \`"object"\`, instead was \`${shown(body.filter.property)}\`.`);
      // Since 2025-09-03 search returns data sources, not databases.
      if (value !== "page" && value !== "data_source") throw bodyInvalid(`body.filter.value should be \`"page"\` or \`"data_source"\`, instead was \`${shown(value)}\`.`);
      only = value;
    }
  }
  let direction = -1;
  if (body.sort !== undefined) {
    if (!isObject(body.sort)) throw bodyInvalid(`body.sort should be an object, instead was \`${shown(body.sort)}\`.`);
    if (body.sort.direction === "ascending") direction = 1;
  }
  const hits: Rec[] = [];
  for (const rec of ctx.store.objects.values()) {
    if (rec.kind !== "page" && rec.kind !== "data_source") continue;
    if (only && rec.kind !== only) continue;
    if (ctx.store.isTrashed(rec.id) || !ctx.store.canSee(ctx.integration, rec.id)) continue;
    if (query && !titleOf(ctx.store, rec.id).toLowerCase().includes(query)) continue;
    hits.push(rec);
  }
  // Most recently edited first (ties: newest first), like Notion's default.
  const order = new Map(hits.map((rec, i) => [rec.id, i]));
  hits.sort((a, b) => (a.lastEditedTime === b.lastEditedTime ? order.get(b.id)! - order.get(a.id)! : a.lastEditedTime < b.lastEditedTime ? -direction : direction));
  const { page, next } = paginate(
    hits.map((rec) => rec.id),
    body.start_cursor,
    body.page_size,
    "body.page_size",
  );
  const results = page.map((id) => {
    const rec = ctx.store.get(id)!;
    return rec.kind === "page" ? listedPage(ctx.ser.page(rec), ctx.version, req.query.getAll("filter_properties")) : ctx.ser.dataSource(rec as Extract<Rec, { kind: "data_source" }>);
  });
  return ctx.ser.list(results, next, "page_or_data_source");
};
