import { InkwellError } from "../core/errors";

/** A stream that ended without its final event: what was received is kept, and the run is reported as partial. */
export function interruptedError(provider: string, receivedChars: number, cause?: unknown): InkwellError {
  return new InkwellError(
    "ai_stream_interrupted",
    receivedChars > 0
      ? `${provider}'s answer stopped halfway. What arrived was written and is marked as partial; generate again for a complete answer.`
      : `${provider} closed the connection before answering. Try again.`,
    { retryable: true, ...(cause === undefined ? {} : { cause }) },
  );
}
