/**
 * A dry run's account of one row: exactly what the write would put there, as
 * Notion would show it, without writing. Built from the same stored answer
 * "Write these" later writes, so the two can't differ.
 */
import type { RowPreview } from "../shared/storage/schema";
import { answerToPropertyRichText } from "./property-output";
import { displayPatch } from "./typed-output/display";
import type { TypedRowAnswer } from "./typed-output/row-answer";
import type { TypedOutputSpec } from "./typed-output";

/** How much of the body a preview keeps (the whole answer is stored apart, for the write). */
export const PREVIEW_EXCERPT_CHARS = 1_500;

function excerpt(markdown: string): { excerpt: string; chars: number } {
  const cut = markdown.length > PREVIEW_EXCERPT_CHARS ? markdown.slice(0, PREVIEW_EXCERPT_CHARS) : markdown;
  // Never half a surrogate pair at the cut.
  const last = cut.charCodeAt(cut.length - 1);
  return { excerpt: last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut, chars: markdown.length };
}

/** Markdown output: into the body, or into one text property (as that property would hold it). */
export function markdownPreview(markdown: string, into: { body: true } | { property: string }): RowPreview {
  if ("body" in into) return { body: excerpt(markdown), properties: [], newOptions: [] };
  const converted = answerToPropertyRichText(markdown);
  const text = converted.richText.map((item) => ("text" in item ? item.text.content : "")).join("");
  return { properties: [{ name: into.property, type: "rich_text", display: text }], newOptions: [] };
}

/** Typed output: each property's value (in the spec's order), the new options, and the body when there is one. */
export function typedPreview(answer: TypedRowAnswer, spec: TypedOutputSpec): RowPreview {
  const properties = spec.properties.flatMap((property) => {
    const patch = answer.properties[property.name];
    return patch === undefined ? [] : [{ name: property.name, type: property.type, display: displayPatch(patch, property) }];
  });
  return { ...(answer.body !== undefined ? { body: excerpt(answer.body) } : {}), properties, newOptions: answer.newOptions.map((option) => ({ ...option })) };
}
