/**
 * A page run: the prompt (with the page's current content when the
 * connection asks for it) streamed into the page where the connection puts
 * its output: appended, at the top, or in place of what it wrote last time.
 *
 * "Replace" removes the previous output only after the new one is completely
 * written: the removed blocks are recorded on the run (critical save) before
 * they go to Notion's trash, so Undo can bring them back; a run that stops
 * early leaves the previous output where it was.
 */
import type { AiEngine } from "../../ai/engine";
import { assembleRequest, DEFAULT_CONTENT_CAP_CHARS, includedContent } from "../../core/context/assemble";
import { fillDateVariables } from "../../core/template";
import { trashBlocks } from "../../notion/block-trash";
import { NotionBlockWriter, type Placement } from "../../notion/block-writer";
import { replaceableBlocks } from "../../notion/replace-output";
import type { NotionClient } from "../../notion/rows";
import type { Connection, Run } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import { generateIntoPage } from "./page-run";
import { AnswerSaver } from "./run-saver";
import type { ContextReaders } from "./row-request";

export interface PageExecutionInput {
  run: Run;
  connection: Connection;
  client: NotionClient;
  engine: AiEngine;
  records: RecordStore;
  readers: Pick<ContextReaders, "pageContent">;
  signal: AbortSignal;
  now: () => number;
  /** Saves progress (the caller keeps a wait Notion asked for); `critical` saves are awaited before the next write. */
  save: (run: Run, critical?: boolean) => Promise<void>;
}

/** The request a page connection sends now (also what its preview shows). */
export async function pageRequest(client: NotionClient, connection: Connection, readers: Pick<ContextReaders, "pageContent">, now: Date) {
  const capChars = connection.context?.contentCapChars ?? DEFAULT_CONTENT_CAP_CHARS;
  const content = connection.context?.pageContent ? await readers.pageContent(client, connection.targetId, capChars) : undefined;
  return assembleRequest({
    prompt: fillDateVariables(connection.prompt, now),
    options: connection.options,
    included: content ? includedContent("page", { text: content.markdown, truncated: content.truncated }, capChars) : null,
  });
}

export async function executePageRun(input: PageExecutionInput): Promise<Run> {
  const { client, connection, records } = input;
  let run = input.run;
  const save = (next: Run, critical = false) => {
    run = next;
    return input.save(run, critical);
  };
  const placement = connection.placement ?? "append";
  const placed = placement === "replace" ? ((await records.getPlaced(connection.id, run.targetId))?.blockIds ?? []) : [];
  let writerPlacement: Placement = placement === "top" ? "top" : "append";
  // Only the previous blocks still on the page as this connection left them are replaced (replace-output.ts).
  let previous: string[] = [];
  if (placed.length > 0) {
    const replaceable = await replaceableBlocks(client, run.targetId, placed);
    previous = replaceable.previous;
    if (replaceable.after !== null) writerPlacement = { after: replaceable.after };
  }
  const request = await pageRequest(client, connection, input.readers, new Date(input.now()));
  const writer = new NotionBlockWriter(client, run.targetId, { placement: writerPlacement });
  await writer.prime();
  await save({ ...run, ...(placement !== "append" ? { placement } : {}) }, true);
  const answer = new AnswerSaver((text) => records.setPageAnswer(run.id, text));
  const { included: _included, estimatedInputTokens: _estimate, ...prompt } = request;
  const { error, ...outcome } = await generateIntoPage({
    engine: input.engine,
    model: run.model,
    prompt,
    sink: writer,
    signal: input.signal,
    onProgress: (progress) => void save({ ...run, ...progress }),
    saveWritten: (writtenBlockIds) => save({ ...run, writtenBlockIds }, true),
    onAnswer: (text) => answer.update(text),
  }).finally(() => answer.flush());
  run = { ...run, ...outcome };
  if (error) run.error = { code: error.code, message: error.message };
  let kept = placed;
  if (run.status === "succeeded" && placed.length > 0) {
    // Recorded before the previous output goes, so Undo always knows what to bring back.
    await save({ ...run, replacedBlockIds: previous }, true);
    await trashBlocks(client, previous);
    kept = [];
  }
  if (run.writtenBlockIds.length > 0) await records.setPlaced(connection.id, run.targetId, { runId: run.id, blockIds: [...kept, ...run.writtenBlockIds] });
  return run;
}
