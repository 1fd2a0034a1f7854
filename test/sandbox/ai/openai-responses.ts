import type { Generation } from "./generation";

/**
 * Builds Responses API objects and stream events for one answer. The stream
 * follows the real sequence (each event carries `type` and a 0-based
 * `sequence_number`):
 *
 *   response.created, response.in_progress,
 *   [reasoning item added/done, when the model reasons: the message is then output_index 1],
 *   response.output_item.added, response.content_part.added,
 *   response.output_text.delta × N,
 *   response.output_text.done, response.content_part.done, response.output_item.done,
 *   response.completed | response.incomplete (reason "max_output_tokens")
 *
 * A refusal (structured output) has the same sequence with a "refusal" part:
 * response.refusal.delta × N and response.refusal.done in place of the text
 * events; the response still completes.
 */
export interface ResponsesBody {
  model: string;
  instructions?: unknown;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  store?: boolean;
  metadata?: Record<string, string>;
  previous_response_id?: string;
  reasoning?: unknown;
  text?: { format?: unknown };
}

export interface ResponsesIds {
  response: string;
  message: string;
  reasoning: string;
}

type Event = Record<string, unknown> & { type: string; sequence_number: number };

export class ResponseBuilder {
  private seq = 0;
  private readonly messageIndex: number;

  constructor(
    private readonly body: ResponsesBody,
    private readonly gen: Generation,
    private readonly ids: ResponsesIds,
    private readonly createdAt: number,
  ) {
    this.messageIndex = gen.reasoningTokens > 0 ? 1 : 0;
  }

  private event(type: string, fields: Record<string, unknown>): Event {
    return { type, sequence_number: this.seq++, ...fields };
  }

  private reasoningItem(): Record<string, unknown> {
    return { id: this.ids.reasoning, type: "reasoning", summary: [] };
  }

  private get refusing(): boolean {
    return this.gen.refusal !== undefined;
  }

  private textPart(text: string): Record<string, unknown> {
    return this.refusing ? { type: "refusal", refusal: text } : { type: "output_text", annotations: [], logprobs: [], text };
  }

  private message(status: "in_progress" | "completed" | "incomplete", text?: string): Record<string, unknown> {
    return { id: this.ids.message, type: "message", status, content: text === undefined ? [] : [this.textPart(text)], role: "assistant" };
  }

  private get finalStatus(): "completed" | "incomplete" {
    return this.gen.truncated ? "incomplete" : "completed";
  }

  /** The Response object at a given stage. */
  response(stage: "in_progress" | "final", sentText = ""): Record<string, unknown> {
    const final = stage === "final";
    const output: unknown[] = [];
    if (final && this.gen.reasoningTokens > 0) output.push(this.reasoningItem());
    if (final) output.push(this.message(this.finalStatus, sentText));
    const { promptTokens, reasoningTokens } = this.gen;
    const outputTokens = this.gen.tokens.length + reasoningTokens;
    return {
      id: this.ids.response,
      object: "response",
      created_at: this.createdAt,
      status: final ? this.finalStatus : "in_progress",
      background: false,
      completed_at: final && !this.gen.truncated ? this.createdAt : null,
      error: null,
      incomplete_details: final && this.gen.truncated ? { reason: "max_output_tokens" } : null,
      instructions: typeof this.body.instructions === "string" ? this.body.instructions : null,
      max_output_tokens: this.body.max_output_tokens ?? null,
      max_tool_calls: null,
      model: this.body.model,
      output,
      parallel_tool_calls: true,
      previous_response_id: this.body.previous_response_id ?? null,
      reasoning: { effort: reasoningTokens > 0 ? "medium" : null, summary: null },
      service_tier: final ? "default" : "auto",
      store: this.body.store ?? true,
      temperature: this.body.temperature ?? 1,
      text: { format: this.body.text?.format ?? { type: "text" }, verbosity: "medium" },
      tool_choice: "auto",
      tools: [],
      top_p: this.body.top_p ?? 1,
      truncation: "disabled",
      usage: final
        ? {
            input_tokens: promptTokens,
            input_tokens_details: { cached_tokens: 0 },
            output_tokens: outputTokens,
            output_tokens_details: { reasoning_tokens: reasoningTokens },
            total_tokens: promptTokens + outputTokens,
          }
        : null,
      user: null,
      metadata: this.body.metadata ?? {},
    };
  }

  /** Everything before the first delta. */
  preamble(): Event[] {
    const events = [
      this.event("response.created", { response: this.response("in_progress") }),
      this.event("response.in_progress", { response: this.response("in_progress") }),
    ];
    if (this.gen.reasoningTokens > 0) {
      events.push(
        this.event("response.output_item.added", { output_index: 0, item: this.reasoningItem() }),
        this.event("response.output_item.done", { output_index: 0, item: this.reasoningItem() }),
      );
    }
    const at = { item_id: this.ids.message, output_index: this.messageIndex, content_index: 0 };
    events.push(
      this.event("response.output_item.added", { output_index: this.messageIndex, item: this.message("in_progress") }),
      this.event("response.content_part.added", { ...at, part: this.textPart("") }),
    );
    return events;
  }

  delta(text: string): Event {
    if (this.refusing) return this.event("response.refusal.delta", { item_id: this.ids.message, output_index: this.messageIndex, content_index: 0, delta: text });
    return this.event("response.output_text.delta", { item_id: this.ids.message, output_index: this.messageIndex, content_index: 0, delta: text, logprobs: [] });
  }

  /** Everything after the last delta; `text` is what was streamed. */
  finale(text: string): Event[] {
    const at = { item_id: this.ids.message, output_index: this.messageIndex, content_index: 0 };
    return [
      this.refusing ? this.event("response.refusal.done", { ...at, refusal: text }) : this.event("response.output_text.done", { ...at, text, logprobs: [] }),
      this.event("response.content_part.done", { ...at, part: this.textPart(text) }),
      this.event("response.output_item.done", { output_index: this.messageIndex, item: this.message(this.finalStatus, text) }),
      this.event(this.gen.truncated ? "response.incomplete" : "response.completed", { response: this.response("final", text) }),
    ];
  }
}
