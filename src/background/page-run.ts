import type { AiEngine, TokenUsage } from "../ai/engine";
import { InkwellError, toInkwellError } from "../core/errors";
import { StreamingMarkdownConverter, type NotionBlock } from "../core/markdown";
import { estimateTokens, type BuiltPrompt } from "../core/prompt";

/** Writes finished blocks to the target; returns the ids of the top-level blocks it created. */
export interface BlockSink {
  write(blocks: NotionBlock[]): Promise<{ topLevelIds: string[]; blockCount: number }>;
}

export interface PageRunProgress {
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
  const progress: PageRunProgress = { receivedChars: 0, outputTokens: 0, blocksWritten: 0, writtenBlockIds: [] };
  const report = () => input.onProgress?.({ ...progress, writtenBlockIds: [...progress.writtenBlockIds] });

  // The AI stream stops on the user's Cancel, or when a Notion write fails (no point generating what can't be written).
  const aiAbort = new AbortController();
  const onCancel = () => aiAbort.abort();
  input.signal.addEventListener("abort", onCancel, { once: true });

  let queue: NotionBlock[] = [];
  let flushing: Promise<void> | undefined;
  let writeError: InkwellError | undefined;

  const flush = (): Promise<void> => {
    flushing ??= (async () => {
      while (queue.length > 0 && !writeError && !input.signal.aborted) {
        const batch = queue;
        queue = [];
        try {
          const written = await input.sink.write(batch);
          progress.writtenBlockIds.push(...written.topLevelIds);
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
        progress.receivedChars = answer.length;
        progress.outputTokens = estimateTokens(answer);
        report();
        enqueue(converter.push(event.text));
      } else {
        usage = event.usage;
      }
    }
    enqueue(converter.end());
    await drain();
  } catch (thrown) {
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
  if (usage) progress.outputTokens = usage.outputTokens;
  return { ...progress, status: "succeeded", inputTokens: usage?.inputTokens ?? 0 };
}

/** Thrown for an empty prompt before anything is sent. */
export function assertPrompt(prompt: string): void {
  if (!prompt.trim()) throw new InkwellError("invalid_input", "Write a prompt first.");
}
