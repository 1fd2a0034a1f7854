/**
 * Types shared by the converter and the planner, derived from the official SDK so
 * they follow its upgrades. The SDK exports `BlockObjectRequest` but not the
 * rich-text item or code-language types, hence the `Extract` derivations.
 */
import type { BlockObjectRequest } from "@notionhq/client";

/**
 * One Notion block as sent to `blocks.children.append`.
 *
 * Note: the SDK types `children` only two levels deep (what one request allows).
 * The converter returns whole documents, whose lists can nest deeper; those trees
 * are still made of valid blocks and `planAppends` cuts them into requests that
 * match the SDK type exactly.
 */
export type NotionBlock = BlockObjectRequest;

/** One item of a rich_text array (text, mention or equation). */
export type RichTextItem = Extract<BlockObjectRequest, { paragraph: unknown }>["paragraph"]["rich_text"][number];

/** Notion's fixed list of code-block languages. */
export type CodeLanguage = Extract<BlockObjectRequest, { code: unknown }>["code"]["language"];

/**
 * The inline formatting we can express. Markdown gives bold, italic,
 * strikethrough and code; inline HTML adds underline (`<u>`, `<ins>`) and a
 * background colour (`<mark>`).
 */
export interface Marks {
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly strikethrough?: boolean;
  readonly underline?: boolean;
  readonly code?: boolean;
  readonly color?: "yellow_background";
}
