/**
 * Markdown → Notion blocks, and the requests that write them.
 *
 *   const blocks = markdownToBlocks(answer);            // or StreamingMarkdownConverter
 *   for (const step of planAppends(blocks)) { … }       // see resolveParentId
 */
import { convertNodes } from "./blocks";
import { parseMarkdown } from "./parse";
import type { NotionBlock } from "./types";

/** Convert a Markdown document to Notion block requests (any depth; plan them with `planAppends`). */
export function markdownToBlocks(markdown: string): NotionBlock[] {
  return convertNodes(parseMarkdown(markdown).children, markdown);
}

export { StreamingMarkdownConverter } from "./streaming";
export { planAppends, resolveParentId } from "./append-plan";
export type { AppendStep, ParentRef, PlanOptions } from "./append-plan";
export { countBlocks } from "./block-tree";
export { toNotionLanguage, NOTION_CODE_LANGUAGES } from "./code-languages";
export * from "./limits";
export type { CodeLanguage, NotionBlock, RichTextItem } from "./types";
export { blocksToMarkdown, blocksToMarkdownParts, type ReadableBlock } from "./blocks-markdown";
export { richTextToMarkdown, type ReadableRichText } from "./rich-text-markdown";
export { capBlocksMarkdown, capMarkdown, capMarkdownParts, estimateTokens as estimateContentTokens, type CappedContent } from "./content-cap";
