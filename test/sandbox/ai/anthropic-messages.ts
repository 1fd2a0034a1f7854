import type { Generation } from "./generation";
import { tokenize } from "./tokens";

/**
 * Builds Messages API objects and stream events for one answer. The stream
 * follows the real sequence (each SSE event is named after its `type`):
 *
 *   message_start (the Message with empty content, stop_reason null, usage.input_tokens),
 *   content_block_start (index 0, an empty text block), ping,
 *   content_block_delta × N (delta.type "text_delta"),
 *   content_block_stop, message_delta (stop_reason "end_turn" | "max_tokens", usage.output_tokens),
 *   message_stop
 *
 * A refusal: message_start, ping, message_delta (stop_reason "refusal" and
 * stop_details with the explanation), message_stop; no content block. A
 * refusal with `partial` text (the streaming classifiers stopping an answer
 * under way) keeps the text block, with that text, before the refusal.
 */
export type StopReason = "end_turn" | "max_tokens" | "refusal";

type Event = Record<string, unknown> & { type: string };

export class MessageBuilder {
  constructor(
    private readonly gen: Generation,
    private readonly id: string,
    /** The model id the request resolved to. */
    private readonly model: string,
  ) {}

  /** The text sent: the answer, or for a refusal only its `partial` text (the explanation travels in stop_details). */
  get visibleTokens(): readonly string[] {
    return this.gen.refusal ? tokenize(this.gen.refusal.partial ?? "") : this.gen.tokens;
  }

  /** Whether the message has a text block (a refusal has one only when text came before it). */
  private get hasText(): boolean {
    return !this.gen.refusal || this.visibleTokens.length > 0;
  }

  get stopReason(): StopReason {
    if (this.gen.refusal) return "refusal";
    return this.gen.truncated ? "max_tokens" : "end_turn";
  }

  /** Output tokens, counting hidden reasoning ("thinking") tokens as Anthropic bills them. */
  get outputTokens(): number {
    return this.visibleTokens.length + this.gen.reasoningTokens;
  }

  private get stopDetails(): Record<string, unknown> {
    return this.gen.refusal ? { stop_details: { type: "refusal", category: null, explanation: this.gen.refusal.refusal || null } } : {};
  }

  private usage(outputTokens: number): Record<string, unknown> {
    return {
      input_tokens: this.gen.promptTokens,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: outputTokens,
      service_tier: "standard",
    };
  }

  private message(content: unknown[], stopReason: StopReason | null, outputTokens: number): Record<string, unknown> {
    return {
      id: this.id,
      type: "message",
      role: "assistant",
      model: this.model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      ...(stopReason === "refusal" ? this.stopDetails : {}),
      usage: this.usage(outputTokens),
    };
  }

  /** The non-streaming Message. */
  whole(): Record<string, unknown> {
    return this.message(this.hasText ? [{ type: "text", text: this.visibleTokens.join("") }] : [], this.stopReason, this.outputTokens);
  }

  /** Everything before the first delta. message_start reports the input tokens and a provisional output count, as the real API does. */
  preamble(): Event[] {
    const start: Event = { type: "message_start", message: this.message([], null, Math.min(1, this.outputTokens)) };
    if (!this.hasText) return [start, { type: "ping" }];
    return [start, { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }, { type: "ping" }];
  }

  delta(text: string): Event {
    return { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } };
  }

  /** Everything after the last delta. */
  finale(): Event[] {
    return [
      ...(this.hasText ? [{ type: "content_block_stop", index: 0 }] : []),
      {
        type: "message_delta",
        delta: { stop_reason: this.stopReason, stop_sequence: null, ...this.stopDetails },
        usage: { input_tokens: this.gen.promptTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: this.outputTokens },
      },
      { type: "message_stop" },
    ];
  }
}
