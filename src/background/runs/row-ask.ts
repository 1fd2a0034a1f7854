/**
 * How a database run sends one request: admitted by the adaptive gate (which
 * hears how it went), retried on retryable failures, patiently on a
 * provider's rate limit. Refusals and other final failures are thrown as they
 * are (the row fails with them).
 */
import type { AiEngine } from "../../ai/engine";
import type { AssembledRequest } from "../../core/context/assemble";
import { toInkwellError } from "../../core/errors";
import type { GenerationGate, GenerationOutcome } from "./generation-gate";
import type { Ask, Generated } from "./row-generation";

const MAX_ROW_ATTEMPTS = 3;
/** A provider's rate limit or overload is waited out more patiently than other failures: the run backs off instead. */
const MAX_ROW_RATE_LIMITED = 8;

export interface AskOptions {
  engine: AiEngine;
  model: string;
  gate: GenerationGate;
  /** Aborted when the run stops (cancel, or an error no row can get past). */
  stop: AbortSignal;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

export function createAsk(options: AskOptions): Ask {
  const once = async (request: AssembledRequest): Promise<Generated> => {
    const startedAt = await options.gate.acquire(options.stop);
    let outcome: GenerationOutcome | "other" = "other";
    // A signal per generation: SDKs add listeners to the signal they get, and one shared signal would collect them all.
    const rowAbort = new AbortController();
    const forward = () => rowAbort.abort();
    options.stop.addEventListener("abort", forward, { once: true });
    try {
      let text = "";
      let outputTokens = 0;
      let inputTokens = 0;
      const { included: _included, estimatedInputTokens: _estimate, ...sent } = request;
      for await (const event of options.engine.stream({ model: options.model, ...sent, signal: rowAbort.signal })) {
        if (event.type === "text") text += event.text;
        else if (event.usage) ({ outputTokens, inputTokens } = event.usage);
      }
      outcome = "answered";
      return { text, outputTokens: outputTokens || Math.ceil(text.length / 4), inputTokens };
    } catch (error) {
      const failure = toInkwellError(error);
      if (failure.code === "ai_rate_limited" || failure.code === "ai_unavailable") {
        outcome = { overloaded: true, ...(failure.retryAfterSeconds !== undefined ? { retryAfterMs: failure.retryAfterSeconds * 1000 } : {}) };
      }
      throw failure;
    } finally {
      options.stop.removeEventListener("abort", forward);
      options.gate.release(startedAt, outcome);
    }
  };

  return async (request) => {
    let rateLimited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(request);
      } catch (error) {
        const failure = toInkwellError(error);
        // A provider's rate limit doesn't use up the row's attempts: the gate slows the whole run down instead.
        if (failure.code === "ai_rate_limited" && ++rateLimited < MAX_ROW_RATE_LIMITED) attempt -= 1;
        if (!failure.retryable || attempt >= MAX_ROW_ATTEMPTS || options.stop.aborted) throw failure;
        await options.sleep((failure.retryAfterSeconds ?? 2 ** Math.max(1, attempt)) * 1000, options.stop);
      }
    }
  };
}
