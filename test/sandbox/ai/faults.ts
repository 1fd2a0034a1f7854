/**
 * One-shot faults for the next generation requests, consumed in arrival order
 * (whether streaming or not). One-shot on purpose, so that a client's retry
 * meets a healthy server; pass `times` to make retries fail too.
 */
export type InjectedError =
  /** The provider's transient "overloaded" error (Gemini 503 UNAVAILABLE, OpenAI 503, Anthropic 529 overloaded_error). */
  | "overloaded"
  /** The provider's per-minute rate-limit error (429), with its retry hint. */
  | "rate_limited"
  /** Out of credit / billing quota: retrying does not help (OpenAI 429 insufficient_quota, Gemini daily quota, Anthropic 400 credit balance). */
  | "no_credit";

export type Fault =
  /** Drop the connection after this many output tokens, without the final event (non-streaming calls: before any response). */
  | { kind: "cut"; afterTokens: number }
  /** Answer with the provider's error of that kind instead of generating. */
  | { kind: "error"; error: InjectedError }
  /** Stream this many output tokens, then report `error` inside the stream (Anthropic's `event: error`) and end the response. */
  | { kind: "stream-error"; afterTokens: number; error: InjectedError };

export class FaultPlan {
  private queue: Fault[] = [];

  add(fault: Fault, times = 1): void {
    if (fault.kind !== "error" && !(Number.isInteger(fault.afterTokens) && fault.afterTokens >= 0)) {
      throw new RangeError(`afterTokens must be an integer >= 0, got ${fault.afterTokens}`);
    }
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  /** The fault for the next generation request, if any. */
  take(): Fault | undefined {
    return this.queue.shift();
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }
}
