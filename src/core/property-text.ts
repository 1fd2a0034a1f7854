/**
 * Notion page property values → plain text, for prompt templates and previews.
 *
 * Input is the value exactly as the API returns it in `page.properties[name]`.
 * Choices (all deterministic, no locale, no network):
 * - rich text / title: the concatenated `plain_text` of the items (mentions and
 *   equations included, as Notion displays them);
 * - number: `String(n)` (`1234.5`, not "1,234.50": the number format is a view
 *   setting we don't apply); null → "";
 * - dates (date, created_time, last_edited_time, formula and rollup dates): the
 *   ISO strings as sent, `start` or `start → end` (no time-zone conversion);
 * - checkbox: "Yes" / "No" (so a checkbox is never empty);
 * - select / status: the option name; multi_select: names joined by ", ";
 * - people, created_by, last_edited_by: the user's name, else `person.email`,
 *   joined by ", " (a partial user with only an id contributes nothing);
 * - relation: a count ("1 linked page", "3 linked pages", "25+ linked pages"
 *   when the API says `has_more`), since titles need one request per page; 0 → "";
 * - formula: its string / number / "Yes"/"No" / date;
 * - unique_id: `PREFIX-12` or `12`;
 * - rollup: number, date, or the texts of its array joined by ", ";
 * - files: file names joined by ", "; place: name, else address, else "lat, lon";
 *   verification: "Verified" / "Expired" (unverified → "");
 * - button and any type this code does not know (new API types): "".
 */
import type { PageObjectResponse, RichTextItemResponse } from "@notionhq/client";

/** One value of `page.properties`, as returned by the API. */
export type PropertyValue = PageObjectResponse["properties"][string];

type RollupValue = Extract<PropertyValue, { type: "rollup" }>["rollup"];
/** An element of a rollup's `array`: a property value without its id. */
type RollupArrayElement = Extract<RollupValue, { type: "array" }>["array"][number];
type AnyValue = PropertyValue | RollupArrayElement;

type DateValue = { start: string; end: string | null } | null | undefined;

type UserLike = { name?: string | null; person?: { email?: string } } | null | undefined;

/** Plain text of a rich_text / title array (tolerates hand-built items without `plain_text`). */
export function richTextToPlainText(items: readonly RichTextItemResponse[] | null | undefined): string {
  let out = "";
  for (const item of items ?? []) {
    if (typeof item.plain_text === "string") out += item.plain_text;
    else if (item.type === "text") out += item.text.content;
    else if (item.type === "equation") out += item.equation.expression;
  }
  return out;
}

function dateText(date: DateValue): string {
  if (date === null || date === undefined || typeof date.start !== "string") return "";
  return typeof date.end === "string" && date.end !== "" ? `${date.start} → ${date.end}` : date.start;
}

function numberText(n: number | null | undefined): string {
  return typeof n === "number" ? String(n) : "";
}

function userText(user: UserLike): string {
  if (user === null || user === undefined) return "";
  if (typeof user.name === "string" && user.name.trim() !== "") return user.name;
  return typeof user.person?.email === "string" ? user.person.email : "";
}

function joinNonEmpty(parts: readonly string[]): string {
  return parts.filter((s) => s.trim() !== "").join(", ");
}

function relationText(count: number, hasMore: boolean): string {
  if (count === 0 && !hasMore) return "";
  if (hasMore) return `${count}+ linked pages`;
  return count === 1 ? "1 linked page" : `${count} linked pages`;
}

function valueText(value: AnyValue): string {
  switch (value.type) {
    case "title":
      return richTextToPlainText(value.title);
    case "rich_text":
      return richTextToPlainText(value.rich_text);
    case "number":
      return numberText(value.number);
    case "select":
      return value.select?.name ?? "";
    case "status":
      return value.status?.name ?? "";
    case "multi_select":
      return joinNonEmpty((value.multi_select ?? []).map((o) => o.name));
    case "date":
      return dateText(value.date);
    case "url":
      return value.url ?? "";
    case "email":
      return value.email ?? "";
    case "phone_number":
      return value.phone_number ?? "";
    case "checkbox":
      return value.checkbox === true ? "Yes" : "No";
    case "people":
      return joinNonEmpty((value.people ?? []).map((p) => userText(p as UserLike)));
    case "created_by":
      return userText(value.created_by as UserLike);
    case "last_edited_by":
      return userText(value.last_edited_by as UserLike);
    case "created_time":
      return value.created_time ?? "";
    case "last_edited_time":
      return value.last_edited_time ?? "";
    case "formula": {
      const f = value.formula;
      switch (f?.type) {
        case "string":
          return f.string ?? "";
        case "number":
          return numberText(f.number);
        case "boolean":
          return f.boolean === null ? "" : f.boolean ? "Yes" : "No";
        case "date":
          return dateText(f.date);
        default:
          return "";
      }
    }
    case "unique_id": {
      const { prefix, number } = value.unique_id ?? { prefix: null, number: null };
      if (typeof number !== "number") return "";
      return typeof prefix === "string" && prefix !== "" ? `${prefix}-${number}` : String(number);
    }
    case "relation": {
      const hasMore = (value as { has_more?: unknown }).has_more === true;
      return relationText((value.relation ?? []).length, hasMore);
    }
    case "rollup":
      return rollupText(value.rollup);
    case "files":
      return joinNonEmpty((value.files ?? []).map((f) => f.name ?? ""));
    case "place": {
      const place = value.place;
      if (place === null || place === undefined) return "";
      if (typeof place.name === "string" && place.name.trim() !== "") return place.name;
      if (typeof place.address === "string" && place.address.trim() !== "") return place.address;
      return typeof place.lat === "number" && typeof place.lon === "number" ? `${place.lat}, ${place.lon}` : "";
    }
    case "verification": {
      const state = value.verification?.state;
      return state === "verified" ? "Verified" : state === "expired" ? "Expired" : "";
    }
    default:
      // button, and types newer than this code.
      return "";
  }
}

function rollupText(rollup: RollupValue | null | undefined): string {
  switch (rollup?.type) {
    case "number":
      return numberText(rollup.number);
    case "date":
      return dateText(rollup.date);
    case "array":
      return joinNonEmpty((rollup.array ?? []).map((element) => valueText(element)));
    default:
      // "unsupported", "incomplete" (too many related pages to compute) and unknown types.
      return "";
  }
}

/** The plain text of a property value (see the rules at the top of this file). Never throws on odd input. */
export function propertyToText(value: PropertyValue): string {
  if (value === null || typeof value !== "object") return "";
  return valueText(value);
}

/**
 * Whether a property has no content: its text is blank. A checkbox is never
 * empty ("No" is a value), a relation with no pages is.
 */
export function isEmptyProperty(value: PropertyValue | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  return propertyToText(value).trim() === "";
}
