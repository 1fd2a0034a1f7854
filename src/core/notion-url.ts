/**
 * Parses every Notion URL form users paste or the content script sees into the
 * id it points at. Pure and unit-tested against the forms listed in
 * shared/notes/notion-api.md.
 *
 * A URL alone can't say whether an id is a page or a database (only the API
 * can), but a `?v=` view parameter means the path id is a database.
 */

export interface NotionUrlTarget {
  /** Dashed UUID of the page or database the URL opens. */
  id: string;
  /** "database" when the URL carries a view (`?v=`); "unknown" otherwise (resolve through the API). */
  hint: "database" | "unknown";
  /** The view id for database view URLs. */
  viewId?: string;
  /** A block anchor (`#<32hex>` / `#block-<32hex>`) inside the page, if any. */
  blockId?: string;
  /** True when the id came from a peek (`?p=`) rather than the path. */
  fromPeek: boolean;
}

const HEX32 = /[0-9a-f]{32}/i;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const NOTION_HOST = /(^|\.)notion\.(so|site|com)$/i;

/** Formats 32 hex digits (or an already dashed UUID) as a lower-case dashed UUID. */
export function toDashedId(raw: string): string | undefined {
  const compact = raw.replace(/-/g, "").toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(compact)) return undefined;
  return `${compact.slice(0, 8)}-${compact.slice(8, 12)}-${compact.slice(12, 16)}-${compact.slice(16, 20)}-${compact.slice(20)}`;
}

/** The last id in a string: Notion slugs end in the id ("My-Page-<32hex>"). */
function lastIdIn(text: string): string | undefined {
  const candidates = [...text.matchAll(new RegExp(`${UUID.source}|${HEX32.source}`, "gi"))];
  const last = candidates.at(-1);
  return last ? toDashedId(last[0]) : undefined;
}

export type ParseNotionUrlResult = { ok: true; target: NotionUrlTarget } | { ok: false; reason: "not_a_url" | "not_notion" | "no_id" };

export function parseNotionUrl(input: string): ParseNotionUrlResult {
  const trimmed = input.trim();
  // A bare id is accepted too: people copy ids out of URLs and share links.
  const bare = toDashedId(trimmed);
  if (bare) return { ok: true, target: { id: bare, hint: "unknown", fromPeek: false } };

  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    return { ok: false, reason: "not_a_url" };
  }
  if (!NOTION_HOST.test(url.hostname)) return { ok: false, reason: "not_notion" };

  const hashId = lastIdIn(url.hash);
  const peekId = url.searchParams.get("p");
  const viewId = url.searchParams.get("v");
  const peekTarget = peekId ? toDashedId(peekId) : undefined;
  if (peekTarget) {
    return { ok: true, target: { id: peekTarget, hint: "unknown", fromPeek: true, ...(hashId ? { blockId: hashId } : {}) } };
  }

  const pathId = lastIdIn(decodeURIComponent(url.pathname));
  if (!pathId) return { ok: false, reason: "no_id" };
  const viewTarget = viewId ? toDashedId(viewId) : undefined;
  return {
    ok: true,
    target: {
      id: pathId,
      hint: viewTarget ? "database" : "unknown",
      fromPeek: false,
      ...(viewTarget ? { viewId: viewTarget } : {}),
      ...(hashId && hashId !== pathId ? { blockId: hashId } : {}),
    },
  };
}

/** A user-facing explanation for each parse failure. */
export function describeUrlProblem(reason: "not_a_url" | "not_notion" | "no_id"): string {
  switch (reason) {
    case "not_a_url":
      return "That doesn't look like a link. In Notion, open the page or database and use ••• → Copy link.";
    case "not_notion":
      return "That link isn't a Notion link. Paste a link that starts with https://www.notion.so/ or https://app.notion.com/.";
    case "no_id":
      return "That Notion link doesn't point at a page or database. Open the page itself in Notion and use ••• → Copy link.";
  }
}
