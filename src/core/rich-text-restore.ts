/**
 * A rich_text array as Notion returned it → the same value as a request, so
 * an Undo puts back exactly what was there: text with its links, mentions,
 * equations and every annotation. Response-only fields (plain_text, href) are
 * left out: Notion derives them.
 */
import { splitText } from "./markdown/split-rich-text";
import { MAX_RICH_TEXT_CONTENT_LENGTH, MAX_RICH_TEXT_ITEMS } from "./markdown/limits";

type Item = Record<string, unknown>;

export function richTextForRequest(items: readonly unknown[]): Item[] {
  const request: Item[] = [];
  for (const raw of items) {
    if (typeof raw !== "object" || raw === null) continue;
    const item = raw as Item;
    const type = typeof item.type === "string" ? item.type : "text";
    const payload = item[type];
    if (typeof payload !== "object" || payload === null) continue;
    const annotations = typeof item.annotations === "object" && item.annotations !== null ? { annotations: item.annotations } : {};
    request.push({ type, [type]: payload, ...annotations });
  }
  return request;
}

/** A plain-text value (saved by older versions) as request items, split between code points. */
export function plainTextForRequest(text: string): { type: "text"; text: { content: string } }[] {
  if (text === "") return [];
  return splitText(text, MAX_RICH_TEXT_CONTENT_LENGTH)
    .slice(0, MAX_RICH_TEXT_ITEMS)
    .map((content) => ({ type: "text" as const, text: { content } }));
}
