/**
 * Notion API blocks → HTML shaped like Notion's own DOM: one
 * `<div class="notion-selectable notion-<notion type>-block" data-block-id=…>` per
 * block, nested blocks inside it. Class names follow the real app (paragraph is
 * `notion-text-block`, heading_1 `notion-header-block`, …) and every block also gets
 * `notion-<api type>-block`, so selectors written either way match.
 */
import type { ViewBlock } from "../notion/workspace-view";
import { attrs, esc, safeHref } from "./html";
import { ICONS, objectIcon } from "./icons";

/** What rendering needs from the workspace besides the blocks: links to other objects. */
export interface LinkResolver {
  /** The in-app href of a page or database, or undefined when it does not exist. */
  hrefFor(id: string): string | undefined;
  titleOf(id: string): string;
}

export interface RichTextItem {
  type?: string;
  plain_text?: string;
  href?: string | null;
  text?: { content?: string; link?: { url?: string } | null };
  mention?: { type?: string; page?: { id?: string }; database?: { id?: string } };
  equation?: { expression?: string };
  annotations?: Partial<Record<"bold" | "italic" | "strikethrough" | "underline" | "code", boolean>> & { color?: string };
}

/** Real Notion's internal block type names, which its CSS classes use. */
const NOTION_CLASS: Record<string, string> = {
  paragraph: "text",
  heading_1: "header",
  heading_2: "sub_header",
  heading_3: "sub_sub_header",
  heading_4: "sub_sub_sub_header",
  bulleted_list_item: "bulleted_list",
  numbered_list_item: "numbered_list",
  child_page: "page",
  child_database: "collection_view",
  table_of_contents: "table_of_contents",
};

const NOTION_HOSTS = new Set(["www.notion.so", "notion.so", "app.notion.com"]);

export function richTextToHtml(items: unknown, links: LinkResolver): string {
  if (!Array.isArray(items)) return "";
  return (items as RichTextItem[]).map((item) => richTextItemToHtml(item, links)).join("");
}

export function plainText(items: unknown): string {
  if (!Array.isArray(items)) return "";
  return (items as RichTextItem[]).map((i) => i.plain_text ?? i.text?.content ?? "").join("");
}

function richTextItemToHtml(item: RichTextItem, links: LinkResolver): string {
  const a = item.annotations ?? {};
  let text = esc(item.type === "text" || item.text ? (item.text?.content ?? item.plain_text ?? "") : (item.plain_text ?? ""));
  let href = linkTarget(item.href ?? item.text?.link?.url);
  if (item.type === "equation") {
    text = `<span class="notion-text-equation-token">${esc(item.equation?.expression ?? item.plain_text ?? "")}</span>`;
  } else if (item.type === "mention") {
    const target = item.mention?.page?.id ?? item.mention?.database?.id;
    const resolved = target ? links.hrefFor(target) : undefined;
    if (resolved) href = resolved;
    text = `<span class="notion-text-mention-token">${text}</span>`;
  }
  if (a.code) text = `<code class="notion-inline-code">${text}</code>`;
  if (a.bold) text = `<strong>${text}</strong>`;
  if (a.italic) text = `<em>${text}</em>`;
  if (a.strikethrough) text = `<s>${text}</s>`;
  if (a.underline) text = `<u>${text}</u>`;
  if (a.color && a.color !== "default") text = `<span class="${colorClass(a.color)}">${text}</span>`;
  if (href) {
    const external = /^[a-z]+:/i.test(href);
    text = `<a class="notion-link" href="${esc(href)}"${external ? ' target="_blank" rel="noopener noreferrer"' : ""}>${text}</a>`;
  }
  return text;
}

/** Links to Notion itself become same-host paths so they navigate inside the fake app. */
function linkTarget(url: unknown): string | undefined {
  const safe = safeHref(url);
  if (!safe || safe.startsWith("/") || safe.startsWith("#")) return safe;
  const parsed = new URL(safe);
  return NOTION_HOSTS.has(parsed.hostname) ? `${parsed.pathname}${parsed.search}` : safe;
}

/** `red` → text colour class, `red_background` → background class; unknown values collapse to a safe token. */
function colorClass(color: string): string {
  const token = color.replace(/[^a-z_]/gi, "");
  return `notion-color-${token}`;
}

/** Renders sibling blocks, numbering runs of numbered_list_item like Notion does. */
export function blocksToHtml(blocks: ViewBlock[] | undefined, links: LinkResolver, depth = 0): string {
  if (!blocks) return "";
  let number = 0;
  return blocks
    .map((block) => {
      number = block.type === "numbered_list_item" ? number + 1 : 0;
      return blockToHtml(block, links, depth, number);
    })
    .join("");
}

function payload(block: ViewBlock): Record<string, unknown> {
  const value = block[block.type];
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function blockToHtml(block: ViewBlock, links: LinkResolver, depth: number, number: number): string {
  const data = payload(block);
  const text = `<div class="notion-block-text notranslate" data-content-editable-leaf="true">${richTextToHtml(data.rich_text, links)}</div>`;
  const children = block.children?.length
    ? `<div class="notion-block-children">${blocksToHtml(block.children, links, depth + 1)}</div>`
    : "";
  const color = typeof data.color === "string" && data.color !== "default" ? ` ${colorClass(data.color)}` : "";
  const wrap = (inner: string, extra: Record<string, string | boolean | undefined> = {}): string => {
    const notionType = NOTION_CLASS[block.type] ?? block.type;
    const classes = ["notion-selectable", `notion-${notionType}-block`];
    if (notionType !== block.type) classes.push(`notion-${block.type}-block`);
    const cls = `${classes.map((c) => c.replace(/[^a-z0-9_-]/gi, "")).join(" ")}${color}`;
    return `<div${attrs({ class: cls, "data-block-id": block.id, "data-block-type": block.type, ...extra })}>${inner}</div>`;
  };

  switch (block.type) {
    case "paragraph":
      return wrap(text + children);
    case "heading_1":
    case "heading_2":
    case "heading_3":
    case "heading_4": {
      const level = Number(block.type.slice(-1)) + 1; // the page title is the only h1
      return wrap(`<h${level} class="notion-heading">${text}</h${level}>${children}`);
    }
    case "bulleted_list_item":
    case "numbered_list_item": {
      const marker = block.type === "bulleted_list_item" ? ["•", "◦", "▪"][depth % 3] : `${listNumber(number, depth)}.`;
      return wrap(`<div class="notion-list-item"><div class="notion-list-marker">${marker}</div>${text}</div>${children}`);
    }
    case "to_do": {
      const checked = data.checked === true;
      return wrap(
        `<div class="notion-list-item"><div class="notion-to-do-box" role="checkbox" aria-checked="${checked}">${checked ? "✓" : ""}</div>${text}</div>${children}`,
        { "data-checked": checked ? "true" : "false" },
      );
    }
    case "toggle":
      return wrap(`<details open><summary>${text}</summary>${children}</details>`);
    case "quote":
      return wrap(`<blockquote>${text}${children}</blockquote>`);
    case "callout": {
      const icon = (data.icon as { emoji?: string } | null | undefined)?.emoji ?? "💡";
      return wrap(`<div class="notion-callout-icon">${esc(icon)}</div><div class="notion-callout-body">${text}${children}</div>`);
    }
    case "code": {
      const language = typeof data.language === "string" ? data.language : "plain text";
      const code = esc(plainText(data.rich_text));
      return wrap(
        `<div class="notion-code-language">${esc(language)}</div><pre><code class="language-${esc(language.replace(/\s+/g, "-"))}">${code}</code></pre>`,
      );
    }
    case "equation":
      return wrap(`<div class="notion-equation" role="math">${esc(data.expression ?? "")}</div>`);
    case "divider":
      return wrap(`<hr>`);
    case "table":
      return wrap(tableToHtml(block, data, links));
    case "image": {
      const file = (data.external ?? data.file) as { url?: string } | undefined;
      const caption = richTextToHtml(data.caption, links);
      // No network from the sandbox page: only inline data: images are drawn, others are a labelled placeholder.
      const url = typeof file?.url === "string" ? file.url : "";
      const picture = /^data:image\/(png|gif|jpeg|webp);/i.test(url)
        ? `<img src="${esc(url)}" alt="">`
        : `<div class="notion-image-placeholder" data-src="${esc(url)}">${ICONS.image} ${esc(url || "image")}</div>`;
      return wrap(`<figure>${picture}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`);
    }
    case "child_page":
    case "child_database": {
      const title = typeof data.title === "string" && data.title ? data.title : links.titleOf(block.id);
      const href = links.hrefFor(block.id);
      const label = `<span class="notion-page-icon">${objectIcon(block.type === "child_page" ? "page" : "database")}</span>${esc(title || "Untitled")}`;
      return wrap(href ? `<a class="notion-page-link" href="${esc(href)}">${label}</a>` : `<span class="notion-page-link">${label}</span>`);
    }
    case "column_list":
      return wrap(`<div class="notion-columns">${blocksToHtml(block.children, links, depth)}</div>`);
    case "column":
      return wrap(children);
    case "bookmark":
    case "embed":
    case "link_preview": {
      const href = safeHref(data.url);
      const label = esc(data.url ?? block.type);
      return wrap(href ? `<a class="notion-link" href="${esc(href)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label);
    }
    default: {
      // Unknown or unsupported types still show up, so a test can see that they arrived.
      const rich = data.rich_text ? text : `<div class="notion-block-text notion-unsupported">${esc(block.type)}</div>`;
      return wrap(rich + children);
    }
  }
}

function tableToHtml(block: ViewBlock, data: Record<string, unknown>, links: LinkResolver): string {
  const columnHeader = data.has_column_header === true;
  const rowHeader = data.has_row_header === true;
  const rows = (block.children ?? []).filter((child) => child.type === "table_row");
  const body = rows
    .map((row, r) => {
      const cells = ((payload(row).cells as unknown[][] | undefined) ?? [])
        .map((cell, c) => {
          const tag = (columnHeader && r === 0) || (rowHeader && c === 0) ? "th" : "td";
          return `<${tag}>${richTextToHtml(cell, links)}</${tag}>`;
        })
        .join("");
      return `<tr class="notion-table-row" data-block-id="${esc(row.id)}">${cells}</tr>`;
    })
    .join("");
  return `<table class="notion-simple-table"><tbody>${body}</tbody></table>`;
}

/** Notion numbers nested lists 1., a., i. by depth. */
function listNumber(n: number, depth: number): string {
  if (depth % 3 === 1) return toLetters(n);
  if (depth % 3 === 2) return toRoman(n);
  return String(n);
}

function toLetters(n: number): string {
  let out = "";
  for (let v = n; v > 0; v = Math.floor((v - 1) / 26)) out = String.fromCharCode(97 + ((v - 1) % 26)) + out;
  return out;
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, "m"], [900, "cm"], [500, "d"], [400, "cd"], [100, "c"], [90, "xc"],
    [50, "l"], [40, "xl"], [10, "x"], [9, "ix"], [5, "v"], [4, "iv"], [1, "i"],
  ];
  let out = "";
  let rest = n;
  for (const [value, letters] of table) {
    while (rest >= value) {
      out += letters;
      rest -= value;
    }
  }
  return out;
}
