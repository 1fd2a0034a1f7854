/**
 * One-shot faults for the next generation requests, consumed in arrival order
 * (whether streaming or not). One-shot on purpose, so that a client's retry
 * meets a healthy server; pass `times` to make retries fail too.
 */
export type InjectedError = "overloaded";

export type Fault =
  /** Drop the connection after this many output tokens, without the final event (non-streaming calls: before any response). */
  | { kind: "cut"; afterTokens: number }
  /** Answer with the provider's "model overloaded" error (Gemini 503 UNAVAILABLE, OpenAI 503 server_error). */
  | { kind: "error"; error: InjectedError };

export class FaultPlan {
  private queue: Fault[] = [];

  add(fault: Fault, times = 1): void {
    if (fault.kind === "cut" && !(Number.isInteger(fault.afterTokens) && fault.afterTokens >= 0)) {
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
