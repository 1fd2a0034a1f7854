/**
 * Notion API limits that the converter and the append planner must respect.
 *
 * Every numeric limit lives here so that a change in Notion's documentation is a
 * one-line edit. Values marked "hard" come from the Notion API reference (a
 * request breaking them fails with `400 validation_error`); values marked
 * "budget" are our own, stricter targets that leave a safety margin.
 */

/** Hard: `text.content` of one rich_text item, in UTF-16 code units (JS string length). */
export const MAX_RICH_TEXT_CONTENT_LENGTH = 2000;

/** Hard: `text.link.url` of one rich_text item. */
export const MAX_LINK_URL_LENGTH = 2000;

/** Hard: `equation.expression`, for both inline equations and equation blocks. */
export const MAX_EQUATION_EXPRESSION_LENGTH = 1000;

/** Hard: items in any rich_text array (block text, captions, each table cell). */
export const MAX_RICH_TEXT_ITEMS = 100;

/** Hard: URL of an external file (image, video, …). */
export const MAX_EXTERNAL_URL_LENGTH = 2000;

/** Hard: blocks in any `children` array of one request. */
export const MAX_CHILDREN_PER_ARRAY = 100;

/**
 * Hard: levels of nesting in one append request. Level 1 = the appended
 * children, level 2 = their children; level-2 blocks may not carry children.
 */
export const MAX_NESTING_LEVELS_PER_REQUEST = 2;

/** Hard: block elements in one request, nested ones included. */
export const MAX_BLOCKS_PER_REQUEST = 1000;

/** Hard: size of one request body (JSON, UTF-8 bytes). Notion documents "500 KB". */
export const MAX_REQUEST_BODY_BYTES = 500_000;

/**
 * Budget: the planner's target for one request body. The margin covers fields the
 * gateway may add (e.g. `position`) and any rounding in Notion's own measurement.
 */
export const REQUEST_BODY_BYTES_BUDGET = 450_000;

/**
 * Budget: the converter keeps the JSON of each block's own content (its rich_text,
 * or one table row's cells) under this size. Without it a single block could
 * exceed the request limit by itself: 100 items × 2000 characters is 200 000 code
 * units, which JSON escaping and UTF-8 can turn into more than 1 MB. At this size a
 * table block plus its first row still fits one request, and 100 plain ASCII
 * items of 2000 characters (about 205 KB) still fit one block.
 */
export const MAX_BLOCK_CONTENT_BYTES = 240_000;
