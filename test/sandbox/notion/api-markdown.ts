/** GET /v1/pages/:id/markdown: a page (or a block from an earlier answer's `unknown_block_ids`) as enhanced markdown. */
import { pathId, visible, type EndpointHandler } from "./api-context";
import { MarkdownRenderer } from "./enhanced-markdown";
import { NotionError } from "./errors";
import { notAPage } from "./api-pages";

export const retrievePageMarkdown: EndpointHandler = (ctx, req) => {
  if (!ctx.settings.markdownEndpoint) throw new NotionError(400, "invalid_request_url", "Invalid request URL.");
  // The markdown endpoints arrived with 2026-03-11 (the notes' "require it"); the emulator refuses them on older versions.
  if (ctx.version === "2025-09-03") throw new NotionError(400, "invalid_request", "The markdown endpoints require Notion-Version 2026-03-11 or later.");
  const id = pathId(req, "page_id");
  const rec = visible(ctx, id, "page");
  if (rec.kind === "database" || rec.kind === "data_source") throw notAPage(rec, id)!;
  const canSee = (childId: string) => ctx.store.canSee(ctx.integration, childId);
  const rendered = new MarkdownRenderer(ctx.store, canSee, ctx.settings.markdownRecordLimit).render(id);
  return { object: "page_markdown", id, markdown: rendered.markdown, truncated: rendered.truncated, unknown_block_ids: rendered.unknownBlockIds };
};
