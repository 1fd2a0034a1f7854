/**
 * The engine for Chrome's built-in AI: the Prompt API's `LanguageModel` (Gemini
 * Nano, on the device, no key). Its surface, feature detection and wording are
 * in src/shared/builtin-model.ts, shared with Settings.
 */
import { InkwellError, isAbortError } from "../core/errors";
import type { AiEngine, EngineConfig, GenerationEvent, GenerationRequest, ModelInfo } from "./engine";
import { BUILTIN_MODEL_ID, BUILTIN_REQUIREMENTS, builtinOptions, findLanguageModel, type BuiltinAvailability, type LanguageModelFactory, type LanguageModelSession } from "../shared/builtin-model";


/** Why the engine can't generate in this state, or null when it can. */
function notReady(state: BuiltinAvailability): InkwellError | null {
  if (state === "available") return null;
  if (state === "unavailable") return new InkwellError("ai_unsupported", `Chrome's built-in AI isn't supported on this device. ${BUILTIN_REQUIREMENTS}`);
  return new InkwellError(
    "not_configured",
    state === "downloading"
      ? "Chrome is still downloading the on-device model. Wait for it to finish (Settings → AI engine shows the progress) and try again."
      : "The on-device model isn't downloaded yet. Open Settings → AI engine and press Download model.",
  );
}

/** A rough token count (about 4 characters a token) where the model gives none. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);

/**
 * Generates with the on-device model. Each generation gets its own session
 * (the system instruction is its initial prompt), destroyed at the end.
 */
export class BuiltinEngine implements AiEngine {
  readonly id = "builtin" as const;

  constructor(
    _config: EngineConfig,
    private readonly factory: LanguageModelFactory | undefined = findLanguageModel(),
  ) {}

  async listModels(): Promise<ModelInfo[]> {
    const factory = this.requireFactory();
    const problem = notReady(await factory.availability(builtinOptions()));
    if (problem) throw problem;
    return [{ id: BUILTIN_MODEL_ID, label: "Gemini Nano (on this device)" }];
  }

  async *stream(request: GenerationRequest): AsyncIterable<GenerationEvent> {
    const factory = this.requireFactory();
    let session: LanguageModelSession | undefined;
    let received = 0;
    try {
      const problem = notReady(await factory.availability(builtinOptions()));
      if (problem) throw problem;
      session = await factory.create({
        ...builtinOptions(),
        ...(request.systemInstruction ? { initialPrompts: [{ role: "system", content: request.systemInstruction }] } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      const { tokens: inputTokens, usedBefore } = await measureInput(session, request.prompt);
      const reader = session
        .promptStreaming(request.prompt, {
          ...(request.signal ? { signal: request.signal } : {}),
          ...(request.output ? { responseConstraint: request.output.schema } : {}),
        })
        .getReader();
      try {
        for (;;) {
          if (request.signal?.aborted) throw new InkwellError("cancelled", "Cancelled.");
          const { done, value } = await reader.read();
          if (done) break;
          if (!value) continue;
          received += value.length;
          yield { type: "text", text: value };
        }
      } finally {
        reader.releaseLock();
      }
      // The session's usage grows by the prompt and the answer; where it isn't reported, estimate.
      const usedAfter = usage(session);
      const outputTokens = usedAfter !== undefined && usedAfter > usedBefore + inputTokens ? usedAfter - usedBefore - inputTokens : Math.ceil(received / 4);
      // The on-device model reports no stop reason; a stream that ends is a finished answer.
      yield { type: "done", usage: { inputTokens, outputTokens }, finish: "stop" };
    } catch (error) {
      throw toBuiltinError(error, request.signal, request.output !== undefined);
    } finally {
      session?.destroy();
    }
  }

  private requireFactory(): LanguageModelFactory {
    if (!this.factory) {
      throw new InkwellError(
        "ai_unsupported",
        `Chrome's built-in AI isn't available to Inkwell's background worker in this browser. ${BUILTIN_REQUIREMENTS} Choose another engine in Settings.`,
      );
    }
    return this.factory;
  }
}

/**
 * Tokens the prompt will take, refusing up front what can't fit (the model
 * would only fail later with QuotaExceededError). Estimated where the
 * browser can't measure.
 */
async function measureInput(session: LanguageModelSession, prompt: string): Promise<{ tokens: number; usedBefore: number }> {
  const measure = session.measureContextUsage ?? session.measureInputUsage;
  const tokens = measure ? await measure.call(session, prompt) : estimateTokens(prompt);
  const window = session.contextWindow ?? session.inputQuota;
  const usedBefore = usage(session) ?? 0;
  if (window !== undefined && Number.isFinite(window) && usedBefore + tokens > window) throw tooLong(usedBefore + tokens, window);
  return { tokens, usedBefore };
}

const usage = (session: LanguageModelSession): number | undefined => session.contextUsage ?? session.inputUsage;

function tooLong(requested: number | undefined, window: number | undefined): InkwellError {
  const size = requested !== undefined && window !== undefined ? `about ${Math.round(requested)} tokens of ${Math.round(window)}` : "more than it can read at once";
  return new InkwellError(
    "ai_input_too_long",
    `Too long for the on-device model: ${size}. Shorten the prompt (or the row's properties it includes), or choose another engine for this connection.`,
  );
}

function toBuiltinError(error: unknown, signal: AbortSignal | undefined, structured: boolean): InkwellError {
  if (signal?.aborted || isAbortError(error)) return new InkwellError("cancelled", "Cancelled.");
  if (error instanceof InkwellError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  if (name === "QuotaExceededError") {
    const { requested, quota } = error as { requested?: number; quota?: number };
    return tooLong(requested, quota);
  }
  if (name === "NotSupportedError" && structured) {
    return new InkwellError(
      "ai_unsupported",
      `The on-device model can't hold its answer to the format of this connection's typed properties (${message}). Choose fewer properties or options, or another engine for this connection.`,
    );
  }
  if (name === "NotSupportedError") {
    return new InkwellError(
      "ai_unsupported",
      "The on-device model can't handle this request (it supports English, Spanish and Japanese text). Write the prompt in one of those languages, or choose another engine for this connection.",
    );
  }
  if (name === "NotAllowedError") {
    return new InkwellError("not_configured", "Chrome didn't allow the on-device model to start. Open Settings → AI engine and press Download model, then try again.");
  }
  return new InkwellError("ai_unavailable", `The on-device model failed: ${message}. Try again; if it keeps failing, choose another engine.`, { retryable: true });
}
