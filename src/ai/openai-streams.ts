/**
 * Reads the two OpenAI streaming wire formats into GenerationEvents. Shared by
 * the OpenAI engine (Responses API) and the OpenAI-compatible engine (Responses
 * where the server has it, Chat Completions otherwise).
 */
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { ResponseStreamEvent } from "openai/resources/responses/responses";
import { classifyAiError, type AiProvider } from "../core/ai-errors";
import type { FinishReason, GenerationEvent, GenerationRequest, TokenUsage } from "./engine";
import { interruptedError } from "./interrupted";
import { refusedError } from "./structured-output";

/** The streaming Responses API request for a generation; both OpenAI engines send the same one. */
export function responsesRequest(request: GenerationRequest) {
  return {
    model: request.model,
    input: request.prompt,
    stream: true as const,
    store: false,
    ...(request.systemInstruction ? { instructions: request.systemInstruction } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxOutputTokens !== undefined ? { max_output_tokens: request.maxOutputTokens } : {}),
    ...(request.output ? { text: { format: { type: "json_schema" as const, name: request.output.name, schema: { ...request.output.schema }, strict: true } } } : {}),
  };
}

/** Chat Completions' form of the same structured-output request. */
export function chatResponseFormat(request: GenerationRequest) {
  return request.output
    ? { response_format: { type: "json_schema" as const, json_schema: { name: request.output.name, schema: { ...request.output.schema }, strict: true } } }
    : {};
}

/** An answer the provider's content filter stopped is withheld, not finished: reported as a refusal, not as a success. */
const CONTENT_FILTER = "stopped by the content filter";

/** Characters received so far: how an error after some text is told apart from one before any. */
export interface StreamProgress {
  received: number;
}

/**
 * The Responses API's events: text deltas, then response.completed /
 * .incomplete (or .failed / error). A refusal arrives as refusal deltas
 * instead of text (structured output), and is thrown once the response ends.
 */
export async function* fromResponsesStream(
  stream: AsyncIterable<ResponseStreamEvent>,
  progress: StreamProgress,
  provider: AiProvider,
  providerName: string,
): AsyncGenerator<GenerationEvent> {
  let refusal: string | undefined;
  for await (const event of stream) {
    if (event.type === "response.output_text.delta") {
      progress.received += event.delta.length;
      yield { type: "text", text: event.delta };
    } else if (event.type === "response.refusal.delta") {
      refusal = (refusal ?? "") + event.delta;
    } else if (event.type === "response.refusal.done") {
      refusal = event.refusal;
    } else if (event.type === "response.completed" || event.type === "response.incomplete") {
      if (refusal !== undefined) throw refusedError(providerName, refusal, progress.received);
      if (event.type === "response.incomplete" && event.response.incomplete_details?.reason === "content_filter") {
        throw refusedError(providerName, CONTENT_FILTER, progress.received);
      }
      const usage = event.response.usage;
      const finish: FinishReason =
        event.type === "response.completed" ? "stop" : event.response.incomplete_details?.reason === "max_output_tokens" ? "length" : "other";
      yield { type: "done", usage: usage ? { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } : null, finish };
      return;
    } else if (event.type === "response.failed" || event.type === "error") {
      const code = event.type === "error" ? (event.code ?? undefined) : (event.response.error?.code ?? undefined);
      throw classifyAiError({ provider, status: 500, ...(code ? { code } : {}) });
    }
  }
  throw interruptedError(providerName, progress.received);
}

/**
 * Chat Completions chunks: `choices[0].delta.content` (or `.refusal` when the
 * model declines a structured answer), a `finish_reason` on the
 * last choice, and (with stream_options.include_usage) a final chunk with
 * usage and no choices, before `[DONE]`.
 */
export async function* fromChatStream(stream: AsyncIterable<ChatCompletionChunk>, progress: StreamProgress, providerName: string): AsyncGenerator<GenerationEvent> {
  let finish: FinishReason | undefined;
  let usage: TokenUsage | null = null;
  let refusal: string | undefined;
  let filtered = false;
  for await (const chunk of stream) {
    const choice = chunk.choices?.[0];
    if (choice?.delta?.refusal) refusal = (refusal ?? "") + choice.delta.refusal;
    const text = choice?.delta?.content;
    if (text) {
      progress.received += text.length;
      yield { type: "text", text };
    }
    if (choice?.finish_reason === "content_filter") filtered = true;
    if (choice?.finish_reason) finish = choice.finish_reason === "stop" ? "stop" : choice.finish_reason === "length" ? "length" : "other";
    if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens ?? 0, outputTokens: chunk.usage.completion_tokens ?? 0 };
  }
  // A complete answer always carries a finish_reason; its absence means the connection ended early.
  if (!finish) throw interruptedError(providerName, progress.received);
  if (refusal !== undefined) throw refusedError(providerName, refusal, progress.received);
  if (filtered) throw refusedError(providerName, CONTENT_FILTER, progress.received);
  yield { type: "done", usage, finish };
}
