import type { AiEngine, TokenUsage } from "../../ai/engine";
import { InkwellError, toInkwellError } from "../../core/errors";
import type { BlockSink } from "../../core/block-sink";
import { StreamingMarkdownConverter, type NotionBlock } from "../../core/markdown";
import { estimateTokens, type BuiltPrompt } from "../../core/prompt";

/** What a page run ends with when the model's answer was empty. */
export const EMPTY_PAGE_ANSWER = "The model returned nothing, so nothing was written. Generate again, or change the prompt or model.";

/** How much of a page answer the run record keeps, for the connection's "last generated content" preview. */
export const PREVIEW_CHARS = 1_500;

export interface PageRunProgress {
  /** The start of the answer (Markdown), for the preview: Notion holds the full text. */
  preview: string;
  receivedChars: number;
  outputTokens: number;
  blocksWritten: number;
  writtenBlockIds: string[];
}

export interface PageRunOutcome extends PageRunProgress {
  status: "succeeded" | "partial" | "cancelled" | "failed";
  inputTokens: number;
  error?: InkwellError;
}

export interface PageRunInput {
  engine: AiEngine;
  model: string;
  prompt: BuiltPrompt;
  sink: BlockSink;
  signal: AbortSignal;
  onProgress?: (progress: PageRunProgress) => void;
  /**
   * Saves the ids of the blocks written so far; awaited after every append
   * request before the next one starts, so a stop right after an append never
   * leaves blocks Undo can't find.
   */
  saveWritten?: (writtenBlockIds: string[]) => Promise<void>;
  /** The whole answer received so far (the progress keeps only a preview). */
  onAnswer?: (answer: string) => void;
  /**
   * Least time between the starts of two writes while the answer is still
   * streaming (default 1500 ms). The first block is written at once; later ones
   * are gathered for a moment so a slow stream doesn't cost one request per block.
   */
  minWriteIntervalMs?: number;
}

/**
 * Streams one answer into a page. Each top-level block is written as soon as
 * it is final; blocks that become final while a write is in flight go out
 * together in the next write, so requests stay few without waiting for the
 * whole answer. Nothing received is lost: an answer that stops halfway is
 * written up to where it stopped and reported as partial.
 */
export async function generateIntoPage(input: PageRunInput): Promise<PageRunOutcome> {
  const converter = new StreamingMarkdownConverter();
  const progress: PageRunProgress = { preview: "", receivedChars: 0, outputTokens: 0, blocksWritten: 0, writtenBlockIds: [] };
  const report = () => input.onProgress?.({ ...progress, writtenBlockIds: [...progress.writtenBlockIds] });

  // The AI stream stops on the user's Cancel, or when a Notion write fails (no point generating what can't be written).
  const aiAbort = new AbortController();
  const onCancel = () => aiAbort.abort();
  input.signal.addEventListener("abort", onCancel, { once: true });

  let queue: NotionBlock[] = [];
  let flushing: Promise<void> | undefined;
  let writeError: InkwellError | undefined;
  let streamEnded = false;
  let lastWriteAt = Number.NEGATIVE_INFINITY;
  const minInterval = input.minWriteIntervalMs ?? 1_500;

  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      while (queue.length > 0 && !writeError && !input.signal.aborted) {
        const wait = lastWriteAt + minInterval - performance.now();
        if (wait > 0 && !streamEnded) await pause(wait, input.signal, () => streamEnded);
        if (input.signal.aborted) break;
        lastWriteAt = performance.now();
        const batch = queue;
        queue = [];
        const before = [...progress.writtenBlockIds];
        try {
          const written = await input.sink.write(batch, {
            record: async (_journal, ids) => {
              if (ids.length === 0) return;
              // Recorded as they land: a write that fails halfway still reports what it created.
              progress.writtenBlockIds = [...before, ...ids];
              await input.saveWritten?.(progress.writtenBlockIds);
            },
          });
          progress.writtenBlockIds = [...before, ...written.topLevelIds];
          progress.blocksWritten += written.blockCount;
          report();
        } catch (error) {
          writeError = toInkwellError(error);
          aiAbort.abort();
        }
      }
      flushing = undefined;
    })();
    return flushing;
  };
  const enqueue = (blocks: NotionBlock[]) => {
    if (blocks.length === 0) return;
    queue.push(...blocks);
    void flush();
  };
  const drain = async () => {
    while (flushing || (queue.length > 0 && !writeError && !input.signal.aborted)) await flush();
  };

  let usage: TokenUsage | null = null;
  let answer = "";
  try {
    for await (const event of input.engine.stream({ model: input.model, ...input.prompt, signal: aiAbort.signal })) {
      if (event.type === "text") {
        answer += event.text;
        if (progress.preview.length < PREVIEW_CHARS) progress.preview = answer.slice(0, PREVIEW_CHARS);
        progress.receivedChars = answer.length;
        progress.outputTokens = estimateTokens(answer);
        input.onAnswer?.(answer);
        report();
        enqueue(converter.push(event.text));
      } else {
        usage = event.usage;
      }
    }
    streamEnded = true;
    enqueue(converter.end());
    await drain();
  } catch (thrown) {
    streamEnded = true;
    const failure: InkwellError = writeError ?? toInkwellError(thrown);
    const cancelled = !writeError && failure.code === "cancelled";
    if (!writeError && !cancelled && answer.length > 0) {
      // The stream broke after some text arrived: keep it.
      enqueue(converter.end());
      await drain();
    } else {
      await flushing;
    }
    const inputTokens = usage?.inputTokens ?? 0;
    if (cancelled) return { ...progress, status: "cancelled", inputTokens };
    const status = !writeError && answer.length > 0 ? "partial" : "failed";
    return { ...progress, status, inputTokens, error: writeError ?? failure };
  } finally {
    input.signal.removeEventListener("abort", onCancel);
  }

  if (writeError) return { ...progress, status: "failed", inputTokens: usage?.inputTokens ?? 0, error: writeError };
  if (input.signal.aborted) return { ...progress, status: "cancelled", inputTokens: usage?.inputTokens ?? 0 };
  if (answer.trim() === "") return { ...progress, status: "failed", inputTokens: usage?.inputTokens ?? 0, error: new InkwellError("ai_empty_answer", EMPTY_PAGE_ANSWER) };
  if (usage) progress.outputTokens = usage.outputTokens;
  return { ...progress, status: "succeeded", inputTokens: usage?.inputTokens ?? 0 };
}

/** Waits up to `ms`, ending early on abort or once `stop()` says so (checked every 100 ms). */
async function pause(ms: number, signal: AbortSignal, stop: () => boolean): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until && !signal.aborted && !stop()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, until - performance.now())));
  }
}

/** Thrown for an empty prompt before anything is sent. */
export function assertPrompt(prompt: string): void {
  if (!prompt.trim()) throw new InkwellError("invalid_input", "Write a prompt first.");
}
