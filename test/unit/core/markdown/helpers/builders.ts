/** Terse builders for expected Notion JSON in the tests. */
import type { NotionBlock, RichTextItem } from "../../../../../src/core/markdown";

type Marks = { bold?: true; italic?: true; strikethrough?: true; underline?: true; code?: true; color?: "yellow_background" };

export function t(content: string, annotations?: Marks, url?: string): RichTextItem {
  const text = url === undefined ? { content } : { content, link: { url } };
  return (annotations === undefined ? { type: "text", text } : { type: "text", text, annotations }) as RichTextItem;
}

export function eq(expression: string): RichTextItem {
  return { type: "equation", equation: { expression } } as RichTextItem;
}

function block(type: string, payload: Record<string, unknown>): NotionBlock {
  return { type, [type]: payload } as unknown as NotionBlock;
}

function textual(type: string) {
  return (rich_text: RichTextItem[], children?: NotionBlock[], extra: Record<string, unknown> = {}): NotionBlock =>
    block(type, children === undefined ? { rich_text, ...extra } : { rich_text, ...extra, children });
}

export const p = textual("paragraph");
export const h1 = textual("heading_1");
export const h2 = textual("heading_2");
export const h3 = textual("heading_3");
export const h4 = textual("heading_4");
export const bullet = textual("bulleted_list_item");
export const numbered = textual("numbered_list_item");
export const quote = textual("quote");
export const toggle = textual("toggle");
export const todo = (checked: boolean, rich_text: RichTextItem[], children?: NotionBlock[]): NotionBlock =>
  textual("to_do")(rich_text, children, { checked });
export const code = (language: string, rich_text: RichTextItem[]): NotionBlock => block("code", { rich_text, language });
export const equation = (expression: string): NotionBlock => block("equation", { expression });
export const divider = (): NotionBlock => block("divider", {});
export const image = (url: string, caption?: RichTextItem[]): NotionBlock =>
  block("image", caption === undefined ? { type: "external", external: { url } } : { type: "external", external: { url }, caption });
export const table = (width: number, rows: RichTextItem[][][]): NotionBlock =>
  block("table", {
    table_width: width,
    has_column_header: true,
    has_row_header: false,
    children: rows.map((cells) => block("table_row", { cells })),
  });
