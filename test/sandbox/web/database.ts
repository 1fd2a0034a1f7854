/**
 * A database shown as Notion's table view: title header, one column per property
 * (the title property first), one `.notion-collection-item` row per page. Checkbox
 * properties (the extension's "Generate" column) render as checkboxes, everything
 * else as text.
 */
import type { ViewRow } from "../notion/workspace-view";
import { attrs, esc } from "./html";
import { plainText, richTextToHtml, type LinkResolver } from "./render";
import { compactId, pageHref } from "./routes";

type Property = ViewRow["properties"][string];

export function databaseToHtml(databaseId: string, title: string, rows: ViewRow[], links: LinkResolver, peekBase: string): string {
  const columns = columnsOf(rows);
  const head = columns
    .map(([name, type]) => `<th${attrs({ "data-property-name": name, "data-property-type": type })}>${esc(name)}</th>`)
    .join("");
  const body = rows.map((row) => rowToHtml(row, columns, links, peekBase)).join("");
  const empty = rows.length === 0 ? `<div class="notion-collection-empty" data-key="empty">No rows yet</div>` : "";
  // data-key / data-fake-morph let the client's live refresh update rows in place (see client/morph.ts).
  return (
    `<div class="notion-selectable notion-collection_view_page-block notion-collection_view-block" data-block-id="${esc(databaseId)}" data-fake-morph>` +
    `<div class="notion-collection-header" data-key="header"><h1 class="notion-collection-title notranslate" placeholder="Untitled" data-content-editable-leaf="true">${esc(title)}</h1></div>` +
    `<div class="notion-collection-view-tabs" data-key="tabs"><span class="notion-collection-view-tab" aria-selected="true">▦ Table</span></div>` +
    `<table class="notion-table-view" data-key="table" data-fake-morph><thead data-key="head"><tr>${head}</tr></thead><tbody data-key="body" data-fake-morph>${body}</tbody></table>` +
    empty +
    `</div>`
  );
}

/** [name, type] of every property seen in any row, title first, then in first-seen order. */
function columnsOf(rows: ViewRow[]): [string, string][] {
  const seen = new Map<string, string>();
  for (const row of rows) for (const [name, prop] of Object.entries(row.properties)) if (!seen.has(name)) seen.set(name, prop.type);
  const all = [...seen.entries()];
  const titleColumn = all.find(([, type]) => type === "title") ?? ["Name", "title"];
  return [titleColumn, ...all.filter(([name]) => name !== titleColumn[0])];
}

function rowToHtml(row: ViewRow, columns: [string, string][], links: LinkResolver, peekBase: string): string {
  const cells = columns
    .map(([name, type]) => {
      const prop = row.properties[name];
      const inner = type === "title" ? titleCell(row, prop, peekBase) : propertyToHtml(prop, links);
      return `<td${attrs({ class: "notion-table-view-cell", "data-property-name": name, "data-property-type": type })}>${inner}</td>`;
    })
    .join("");
  return `<tr${attrs({ class: "notion-selectable notion-collection-item", "data-block-id": row.id, "data-peek-id": compactId(row.id) })}>${cells}</tr>`;
}

function titleCell(row: ViewRow, prop: Property | undefined, peekBase: string): string {
  const title = plainText(prop?.title);
  const peek = `${peekBase}${peekBase.includes("?") ? "&" : "?"}p=${compactId(row.id)}&pm=s`;
  return (
    `<a class="notion-collection-item-title" href="${esc(pageHref(row.id, title))}">${esc(title || "Untitled")}</a>` +
    `<a class="notion-collection-item-open" role="button" href="${esc(peek)}" data-peek-id="${esc(compactId(row.id))}">Open</a>`
  );
}

/** One property value as HTML; unknown shapes degrade to their plain text. */
export function propertyToHtml(prop: Property | undefined, links: LinkResolver): string {
  if (!prop) return "";
  const value = prop[prop.type] as unknown;
  switch (prop.type) {
    case "checkbox": {
      const checked = value === true;
      return `<div class="notion-property-checkbox" role="checkbox" aria-checked="${checked}">${checked ? "✓" : ""}</div>`;
    }
    case "title":
    case "rich_text":
      return richTextToHtml(value, links);
    case "select":
    case "status":
      return tag((value as { name?: string } | null)?.name);
    case "multi_select":
      return Array.isArray(value) ? value.map((v: { name?: string }) => tag(v.name)).join("") : "";
    case "people":
      return esc(Array.isArray(value) ? value.map((p: { name?: string; id?: string }) => p.name ?? p.id).join(", ") : "");
    case "relation":
      return Array.isArray(value)
        ? value.map((r: { id: string }) => esc(links.titleOf(r.id) || r.id)).join(", ")
        : "";
    case "date":
      return esc(dateText(value));
    case "formula": {
      const f = value as { type?: string; [k: string]: unknown } | null;
      const inner = f?.type ? f[f.type] : undefined;
      return esc(f?.type === "date" ? dateText(inner) : (inner ?? ""));
    }
    case "unique_id": {
      const u = value as { prefix?: string | null; number?: number | null } | null;
      return esc(u?.number == null ? "" : `${u.prefix ? `${u.prefix}-` : ""}${u.number}`);
    }
    case "files":
      return esc(Array.isArray(value) ? value.map((f: { name?: string }) => f.name ?? "").join(", ") : "");
    case "created_by":
    case "last_edited_by":
      return esc((value as { name?: string; id?: string } | null)?.name ?? "");
    case "rollup": {
      const r = value as { type?: string; [k: string]: unknown } | null;
      const inner = r?.type ? r[r.type] : undefined;
      return esc(Array.isArray(inner) ? `${inner.length} items` : (inner ?? ""));
    }
    default:
      // number, url, email, phone_number, created_time, last_edited_time, …
      return esc(value == null || typeof value === "object" ? "" : value);
  }
}

function tag(name: string | undefined): string {
  return name ? `<span class="notion-property-tag">${esc(name)}</span>` : "";
}

function dateText(value: unknown): string {
  const d = value as { start?: string; end?: string | null } | null;
  if (!d?.start) return "";
  return d.end ? `${d.start} → ${d.end}` : d.start;
}
