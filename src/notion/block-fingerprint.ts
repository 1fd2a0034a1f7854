import type { NotionBlock } from "../core/markdown";
import { blockType } from "../core/markdown/block-tree";

/**
 * A comparable summary of a block: its type and visible text. Used to tell
 * whether blocks Notion holds are the ones a write sent, when the answer to
 * that write was lost. Works on both request blocks (text.content) and
 * response blocks (plain_text).
 */
export function fingerprint(block: unknown): string {
  const record = block as Record<string, unknown>;
  const type = typeof record.type === "string" ? record.type : blockType(block as NotionBlock);
  const payload = (record[type] ?? {}) as { rich_text?: unknown[]; expression?: string; cells?: unknown[][] };
  const text = (payload.rich_text ?? []).map(richTextPlain).join("");
  return `${type}:${text}${payload.expression ?? ""}`;
}

function richTextPlain(item: unknown): string {
  const record = item as { plain_text?: string; text?: { content?: string }; equation?: { expression?: string } };
  return record.plain_text ?? record.text?.content ?? record.equation?.expression ?? "";
}
