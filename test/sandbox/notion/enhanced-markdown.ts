/**
 * A page's content as Notion's "enhanced markdown" (developers.notion.com/guides/data-apis/enhanced-markdown),
 * for GET /v1/pages/:id/markdown. Children are indented one tab deeper than their parent; toggles are
 * `<details>`, callouts Pandoc-style `::: callout` fences, colours and toggle headings trailing attribute lists
 * (`{color="red"}`), empty paragraphs `<empty-block/>`, child pages `<page url>`; blocks the format does not
 * cover yet (bookmarks, embeds, link previews) are `<unknown url alt/>`. Special characters outside code are
 * backslash-escaped.
 *
 * Truncation: Notion renders up to about 20,000 records; blocks past the limit, and child pages the caller
 * can't see, become `<unknown>` tags, their ids go to `unknown_block_ids` and `truncated` is true. The emulator
 * counts every rendered block as a record (`recordLimit`, default 20,000).
 */
import { compactId } from "./ids";
import { plainText, type RichTextItem } from "./rich-text";
import { titleOf } from "./serialize";
import type { BlockRec, Json, Rec, Store } from "./store";

export interface RenderedMarkdown {
  markdown: string;
  truncated: boolean;
  unknownBlockIds: string[];
}

const SPECIAL = /[\\*~`$[\]<>{}|^]/g;
const escape = (text: string) => text.replace(SPECIAL, (ch) => `\\${ch}`);
const attr = (value: string) => value.replace(/"/g, "&quot;");
const url = (id: string) => `https://www.notion.so/${compactId(id)}`;

function inline(items: readonly RichTextItem[] | undefined): string {
  return (items ?? []).map(inlineItem).join("");
}

function inlineItem(item: RichTextItem): string {
  if (item.type === "equation") return `$${item.equation?.expression ?? ""}$`;
  if (item.type === "mention") {
    const mention = (item.mention ?? {}) as Json;
    const type = String(mention.type ?? "");
    const target = (mention[type] ?? {}) as Json;
    if (type === "page" || type === "database") return `<mention-${type} url="${url(String(target.id ?? ""))}">${escape(item.plain_text)}</mention-${type}>`;
    if (type === "user") return `<mention-user url="user://${String(target.id ?? "")}"/>`;
    if (type === "date") return `<mention-date start="${attr(String(target.start ?? ""))}"/>`;
    return escape(item.plain_text);
  }
  const a = item.annotations;
  let out = a.code ? `\`${item.plain_text}\`` : escape(item.plain_text);
  if (a.bold) out = `**${out}**`;
  if (a.italic) out = `*${out}*`;
  if (a.strikethrough) out = `~~${out}~~`;
  if (a.underline) out = `<span underline="true">${out}</span>`;
  if (a.color !== "default") out = `<span color="${a.color}">${out}</span>`;
  const link = item.text?.link?.url;
  return link ? `[${out}](${link})` : out;
}

function attributes(data: Json, extra: Record<string, string> = {}): string {
  const pairs = Object.entries({ ...extra, ...(typeof data.color === "string" && data.color !== "default" ? { color: data.color } : {}) });
  return pairs.length === 0 ? "" : ` {${pairs.map(([k, v]) => `${k}="${attr(v)}"`).join(" ")}}`;
}

const indent = (lines: string[]) => lines.map((line) => `\t${line}`);

export class MarkdownRenderer {
  private records = 0;
  private truncated = false;
  private readonly unknown: string[] = [];

  constructor(
    private readonly store: Store,
    private readonly canSee: (id: string) => boolean,
    private readonly recordLimit: number,
  ) {}

  render(rootId: string): RenderedMarkdown {
    const lines = this.children(rootId);
    return { markdown: lines.join("\n"), truncated: this.truncated, unknownBlockIds: this.unknown };
  }

  private children(parentId: string): string[] {
    return this.store.liveChildren(parentId).flatMap((id) => this.block(this.store.get(id)!));
  }

  private unknownTag(rec: Rec, alt: string, record: boolean): string[] {
    if (record) {
      this.truncated = true;
      this.unknown.push(rec.id);
    }
    return [`<unknown url="${url(rec.id)}" alt="${alt}"/>`];
  }

  private block(rec: Rec): string[] {
    const alt = rec.kind === "block" ? rec.type : rec.kind === "page" ? "child_page" : "child_database";
    if (++this.records > this.recordLimit) return this.unknownTag(rec, alt, true);
    if (rec.kind === "page") return this.canSee(rec.id) ? [`<page url="${url(rec.id)}">${escape(titleOf(this.store, rec.id))}</page>`] : this.unknownTag(rec, alt, true);
    if (rec.kind === "database") return this.canSee(rec.id) ? [`<database url="${url(rec.id)}">${escape(plainText(rec.title))}</database>`] : this.unknownTag(rec, alt, true);
    if (rec.kind !== "block") return [];
    return this.content(rec);
  }

  private content(rec: BlockRec): string[] {
    const data = rec.data;
    const text = inline(data.rich_text as RichTextItem[] | undefined);
    const kids = () => indent(this.children(rec.id));
    switch (rec.type) {
      case "paragraph":
        return [text === "" ? "<empty-block/>" : `${text}${attributes(data)}`, ...kids()];
      case "heading_1":
      case "heading_2":
      case "heading_3":
      case "heading_4": {
        const level = Number(rec.type.slice(-1));
        const toggle: Record<string, string> = data.is_toggleable === true ? { toggle: "true" } : {};
        return [`${"#".repeat(level)} ${text}${attributes(data, toggle)}`, ...kids()];
      }
      case "bulleted_list_item":
        return [`- ${text}${attributes(data)}`, ...kids()];
      case "numbered_list_item":
        return [`1. ${text}${attributes(data)}`, ...kids()];
      case "to_do":
        return [`- [${data.checked === true ? "x" : " "}] ${text}${attributes(data)}`, ...kids()];
      case "quote":
        return [`> ${text.replace(/\n/g, "<br>")}${attributes(data)}`, ...kids()];
      case "toggle":
        return [`<details${attributes(data) ? ` color="${attr(String(data.color))}"` : ""}>`, `<summary>${text}</summary>`, ...kids(), "</details>"];
      case "callout": {
        const icon = (data.icon as { emoji?: string } | null)?.emoji;
        return [`::: callout${attributes(data, icon ? { icon } : ({} as Record<string, string>))}`, text, ...this.children(rec.id), ":::"];
      }
      case "code": {
        const code = plainText(data.rich_text as RichTextItem[]);
        return [`\`\`\`${String(data.language ?? "")}`, ...code.split("\n"), "```"];
      }
      case "equation":
        return ["$$", String(data.expression ?? ""), "$$"];
      case "divider":
        return ["---"];
      case "table_of_contents":
        return ["<table_of_contents/>"];
      case "table":
        return this.table(rec);
      case "image": {
        const source = (data.external as { url?: string } | undefined)?.url ?? "";
        return [`![${inline(data.caption as RichTextItem[])}](${source})`];
      }
      case "column_list":
        return ["<columns>", ...indent(this.store.liveChildren(rec.id).flatMap((id) => ["<column>", ...indent(this.children(id)), "</column>"])), "</columns>"];
      case "bookmark":
      case "embed":
      case "link_preview":
        return [`<unknown url="${attr(String(data.url ?? url(rec.id)))}" alt="${rec.type}"/>`];
      default:
        return text === "" ? this.children(rec.id) : [text, ...kids()];
    }
  }

  private table(rec: BlockRec): string[] {
    const header = rec.data.has_column_header === true ? ` header-row="true"` : "";
    const rows = this.store.liveChildren(rec.id).map((id) => {
      this.records++;
      const cells = ((this.store.get(id) as BlockRec).data.cells as RichTextItem[][] | undefined) ?? [];
      return ["<tr>", ...cells.map((cell) => `<td>${inline(cell)}</td>`), "</tr>"];
    });
    return [`<table${header}>`, ...rows.flat(), "</table>"];
  }
}
