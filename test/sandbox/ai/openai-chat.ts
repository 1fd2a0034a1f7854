import type { Generation } from "./generation";

/**
 * Builds Chat Completions objects and stream chunks for one answer. Stream:
 * a first chunk with `delta: { role: "assistant", content: "" }`, content
 * chunks, a chunk with an empty delta and `finish_reason` ("stop" or
 * "length"), then, with `stream_options.include_usage`, a chunk with empty
 * `choices` and the usage (every earlier chunk then has `usage: null`),
 * and finally `data: [DONE]` (written by the caller). A refusal (structured
 * output) streams in `delta.refusal` instead of `delta.content`.
 */
export class ChatBuilder {
  constructor(
    private readonly gen: Generation,
    private readonly id: string,
    private readonly model: string,
    private readonly created: number,
    private readonly includeUsage: boolean,
  ) {}

  private get finishReason(): "stop" | "length" {
    return this.gen.truncated ? "length" : "stop";
  }

  usage(): Record<string, unknown> {
    const completion = this.gen.tokens.length + this.gen.reasoningTokens;
    return {
      prompt_tokens: this.gen.promptTokens,
      completion_tokens: completion,
      total_tokens: this.gen.promptTokens + completion,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: this.gen.reasoningTokens, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    };
  }

  private chunk(choices: unknown[], usage?: unknown): Record<string, unknown> {
    return {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      service_tier: "default",
      system_fingerprint: null,
      choices,
      ...(this.includeUsage ? { usage: usage ?? null } : {}),
    };
  }

  private choice(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
    return { index: 0, delta, logprobs: null, finish_reason: finishReason };
  }

  first(): Record<string, unknown> {
    return this.chunk([this.choice(this.gen.refusal ? { role: "assistant", content: null, refusal: "" } : { role: "assistant", content: "", refusal: null })]);
  }

  content(text: string): Record<string, unknown> {
    return this.chunk([this.choice(this.gen.refusal ? { refusal: text } : { content: text })]);
  }

  /** The finish chunk, then the usage chunk when asked for. */
  last(): Record<string, unknown>[] {
    const chunks = [this.chunk([this.choice({}, this.finishReason)])];
    if (this.includeUsage) chunks.push(this.chunk([], this.usage()));
    return chunks;
  }

  /** The non-streaming chat.completion object. */
  completion(): Record<string, unknown> {
    return {
      id: this.id,
      object: "chat.completion",
      created: this.created,
      model: this.model,
      choices: [
        {
          index: 0,
          message: this.gen.refusal
            ? { role: "assistant", content: null, refusal: this.gen.text, annotations: [] }
            : { role: "assistant", content: this.gen.text, refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: this.finishReason,
        },
      ],
      usage: this.usage(),
      service_tier: "default",
      system_fingerprint: null,
    };
  }
}
