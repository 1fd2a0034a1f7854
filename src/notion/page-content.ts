/**
 * A page's (or a database row's) current body as Markdown for a prompt, capped.
 *
 * API:
 *   readPageContent(client, pageId, { maxChars }): Promise<PageContent>
 *     - first Notion's page-markdown endpoint (GET /v1/pages/{id}/markdown, Notion-Version 2026-03-11),
 *       its enhanced markdown translated for a prompt (core/markdown/enhanced-markdown);
 *     - when that endpoint is refused (400/403/404/405/501: an older workspace or version, a capability
 *       missing), the blocks instead: listed recursively (children fetched before conversion; child pages
 *       and databases are not entered) and converted by core/markdown/blocks-markdown;
 *     - cut to `maxChars` at a block boundary (core/markdown/content-cap).
 *   Errors are classified InkwellErrors (a page the token can't see: notion_not_shared with advice).
 */
import { APIResponseError, type Client } from "@notionhq/client";
import { capBlocksMarkdown, capMarkdown, type CappedContent } from "../core/markdown/content-cap";
import { blocksToMarkdown, type ReadableBlock } from "../core/markdown/blocks-markdown";
import { enhancedMarkdownForPrompt } from "../core/markdown/enhanced-markdown";
import { fromNotionError } from "./errors";

export interface PageContent {
  /** The Markdown to put into the prompt (at most `maxChars` characters). */
  markdown: string;
  /** Whether the content was cut to fit `maxChars`, or Notion itself could not render all of it. */
  truncated: boolean;
  /** Notion left blocks out (its ~20,000-record limit, or child pages the token can't open). */
  incomplete: boolean;
  /** `markdown.length`. */
  chars: number;
  /** A cautious token estimate (core/markdown/content-cap `estimateTokens`). */
  estimatedTokens: number;
  /** Where it came from: Notion's markdown endpoint, or the blocks. */
  source: "markdown" | "blocks";
}

/** Nesting read in the blocks fallback; deeper content is rare and is left out rather than costing a request per level. */
const MAX_DEPTH = 6;
/** Statuses meaning "this Notion (version, workspace, token) has no markdown endpoint for you": read the blocks instead. */
const REFUSED = new Set([400, 403, 404, 405, 501]);

export async function readPageContent(client: Client, pageId: string, options: { maxChars: number }): Promise<PageContent> {
  try {
    const answer = await client.pages.retrieveMarkdown({ page_id: pageId });
    const capped = capMarkdown(enhancedMarkdownForPrompt(answer.markdown), options.maxChars);
    return result(capped, answer.truncated, "markdown");
  } catch (error) {
    if (!(APIResponseError.isAPIResponseError(error) && REFUSED.has(error.status))) throw fromNotionError(error, "this page");
  }
  try {
    // Blocks past the budget are not needed: reading stops once the Markdown so far is longer than it.
    const blocks = await readBlocks(client, pageId, 0, options.maxChars);
    return result(capBlocksMarkdown(blocks.blocks, options.maxChars), false, "blocks", blocks.more);
  } catch (error) {
    throw fromNotionError(error, "this page");
  }
}

function result(capped: CappedContent, incomplete: boolean, source: PageContent["source"], more = false): PageContent {
  return { markdown: capped.text, truncated: capped.truncated || incomplete || more, incomplete, chars: capped.chars, estimatedTokens: capped.estimatedTokens, source };
}

interface ListedBlock extends ReadableBlock {
  id: string;
  type: string;
  has_children?: boolean;
}

/**
 * The children of `blockId` with their own children attached; `more`: reading stopped at the budget with
 * blocks left. Every level stops once what it read is longer than the budget (the whole page then is too),
 * before any further request: a page of many nested blocks costs requests for what fits, not for all of it.
 */
async function readBlocks(client: Client, blockId: string, depth: number, budget: number): Promise<{ blocks: ReadableBlock[]; more: boolean }> {
  const blocks: ReadableBlock[] = [];
  const overBudget = () => blocksToMarkdown(blocks).length > budget;
  let cursor: string | undefined;
  do {
    const page = await client.blocks.children.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) });
    for (const raw of page.results as ListedBlock[]) {
      const enter = raw.has_children === true && depth < MAX_DEPTH && raw.type !== "child_page" && raw.type !== "child_database";
      if (enter && overBudget()) return { blocks, more: true };
      const nested = enter ? await readBlocks(client, raw.id, depth + 1, budget) : { blocks: [], more: false };
      blocks.push(nested.blocks.length > 0 ? { ...raw, children: nested.blocks } : raw);
      if (nested.more) return { blocks, more: true };
    }
    cursor = page.has_more && page.next_cursor ? page.next_cursor : undefined;
    if (cursor && overBudget()) return { blocks, more: true };
  } while (cursor);
  return { blocks, more: false };
}
