/** Plain-text titles of Notion pages and databases as the API returns them. */

interface RichTextLike {
  plain_text?: string;
}

export function plainText(items: readonly RichTextLike[] | undefined): string {
  return (items ?? []).map((item) => item.plain_text ?? "").join("");
}

/** A page's title lives in whichever property has type "title", whatever it is called. */
export function pageTitle(page: { properties?: Record<string, { type?: string; title?: RichTextLike[] }> }): string {
  const property = Object.values(page.properties ?? {}).find((candidate) => candidate.type === "title");
  return plainText(property?.title) || "Untitled";
}

export function databaseTitle(database: { title?: RichTextLike[] }): string {
  return plainText(database.title) || "Untitled";
}
