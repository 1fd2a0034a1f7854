/**
 * Notion's URL forms, parsed the way the real web app reads them: the object id is
 * the 32 hex digits (or dashed UUID) at the end of the last path segment, whatever
 * precedes it (workspace segment, `p/`, a title slug that may be stale).
 */

export type Route =
  | { kind: "home"; peekId?: string; peekMode?: string }
  /** `id` is the object in the main frame; `viewId` is the `?v=` of a database URL. */
  | { kind: "object"; id: string; viewId?: string; peekId?: string; peekMode?: string }
  /** A path that holds no id at all (e.g. /settings): shown as Notion's "not found" view. */
  | { kind: "invalid"; peekId?: string; peekMode?: string };

const DASHED = /([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;
const COMPACT = /(?:^|[^0-9a-f])([0-9a-f]{32})$/i;

/** The dashed, lower-case form of an id written either way; undefined when `text` is not one. */
export function normalizeId(text: string): string | undefined {
  const trimmed = text.trim();
  const dashed = DASHED.exec(trimmed);
  if (dashed && dashed.index === 0) return dashed.slice(1).join("-").toLowerCase();
  if (/^[0-9a-f]{32}$/i.test(trimmed)) return dashUuid(trimmed);
  return undefined;
}

/** The id at the end of a path segment such as `Title-<32hex>` or `<dashed uuid>`. */
export function idAtEndOf(segment: string): string | undefined {
  const dashed = DASHED.exec(segment);
  // A dashed UUID must start the segment or follow a separator, otherwise its first
  // group would swallow the tail of a title like "Notes-abcdef12-...".
  if (dashed && (dashed.index === 0 || segment[dashed.index - 1] === "-")) return dashed.slice(1).join("-").toLowerCase();
  const compact = COMPACT.exec(segment);
  return compact?.[1] ? dashUuid(compact[1]) : undefined;
}

export function compactId(id: string): string {
  return id.replace(/-/g, "").toLowerCase();
}

function dashUuid(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Parses a path plus query (`/ws/Title-<hex>?v=…&p=…&pm=s`) into what to show. */
export function parseRoute(pathAndQuery: string): Route {
  const url = new URL(pathAndQuery, "http://fake.invalid");
  const peekId = url.searchParams.get("p") ? normalizeId(url.searchParams.get("p") ?? "") : undefined;
  const peek = peekId ? { peekId, peekMode: url.searchParams.get("pm") ?? "s" } : {};
  const segments = url.pathname
    .split("/")
    .filter(Boolean)
    .map((s) => safeDecode(s));
  if (segments.length === 0) return { kind: "home", ...peek };
  const last = segments[segments.length - 1] ?? "";
  const id = idAtEndOf(last);
  if (!id) return { kind: "invalid", ...peek };
  const viewId = url.searchParams.get("v") ?? undefined;
  return { kind: "object", id, ...(viewId ? { viewId } : {}), ...peek };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Notion's slug: words of the title joined by dashes, punctuation dropped. */
export function titleSlug(title: string): string {
  return title
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** The link Notion's app uses for a page: `/<Title>-<32hex>` (or `/<32hex>` when untitled). */
export function pageHref(id: string, title: string): string {
  const slug = titleSlug(title);
  return slug ? `/${encodeURIComponent(slug)}-${compactId(id)}` : `/${compactId(id)}`;
}

/** The link Notion's app uses for a database: `/<32hex>?v=<view id>`. */
export function databaseHref(id: string): string {
  return `/${compactId(id)}?v=${viewIdFor(id)}`;
}

/** The emulator has no views, so each database gets a stable made-up view id
 * (its own id's hex reversed) that looks like Notion's. */
export function viewIdFor(databaseId: string): string {
  return compactId(databaseId).split("").reverse().join("");
}
