/**
 * A fake Notion for the planner tests: executes the steps the way the gateway
 * will (resolving parents through resolveParentId, recording the ids of the
 * first-level blocks of each response) and rebuilds the resulting page tree.
 */
import type { AppendStep, NotionBlock } from "../../../../../src/core/markdown";
import { resolveParentId } from "../../../../../src/core/markdown";

type Json = Record<string, unknown>;

export function executePlan(steps: readonly AppendStep[]): NotionBlock[] {
  const page: Json[] = [];
  const payloadById = new Map<string, Json>();
  const created: string[][] = [];
  steps.forEach((step, r) => {
    const parentId = resolveParentId(step, "page", created);
    let target: Json[];
    if (parentId === "page") target = page;
    else {
      const payload = payloadById.get(parentId);
      if (payload === undefined) throw new Error(`unknown parent ${parentId}`);
      payload.children ??= [];
      target = payload.children as Json[];
    }
    const ids: string[] = [];
    step.children.forEach((block, k) => {
      const clone = structuredClone(block) as unknown as Json;
      const id = `${r}:${k}`;
      payloadById.set(id, clone[clone.type as string] as Json);
      target.push(clone);
      ids.push(id);
    });
    created.push(ids);
  });
  return page as unknown as NotionBlock[];
}

/** All visible text of a block tree, in reading order (rich text, equations, captions, cells). */
export function plainText(blocks: readonly NotionBlock[]): string {
  let out = "";
  const richText = (items: unknown): void => {
    for (const item of (items as Json[] | undefined) ?? []) {
      if (item.type === "text") out += (item.text as { content: string }).content;
      else if (item.type === "equation") out += (item.equation as { expression: string }).expression;
    }
  };
  const visit = (block: Json): void => {
    const p = block[block.type as string] as Json;
    richText(p.rich_text);
    richText(p.caption);
    if (block.type === "equation") out += p.expression as string;
    if (block.type === "table_row") for (const cell of p.cells as unknown[]) richText(cell);
    for (const child of (p.children as Json[] | undefined) ?? []) visit(child);
  };
  for (const block of blocks) visit(block as unknown as Json);
  return out;
}

/** Text outside code that reads like an HTML tag: what the converter must never write. */
export function literalTags(blocks: readonly NotionBlock[]): string[] {
  const found: string[] = [];
  const tag = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/;
  const richText = (items: unknown): void => {
    for (const item of (items as Json[] | undefined) ?? []) {
      const annotations = item.annotations as { code?: boolean } | undefined;
      if (item.type !== "text" || annotations?.code === true) continue;
      const content = (item.text as { content: string }).content;
      if (tag.test(content)) found.push(content);
    }
  };
  const visit = (block: Json): void => {
    if (block.type === "code") return;
    const p = block[block.type as string] as Json;
    richText(p.rich_text);
    richText(p.caption);
    if (block.type === "table_row") for (const cell of p.cells as unknown[]) richText(cell);
    for (const child of (p.children as Json[] | undefined) ?? []) visit(child);
  };
  for (const block of blocks) visit(block as unknown as Json);
  return found;
}
