/**
 * What the emulated model answers. Tests either let it derive a deterministic
 * Markdown answer from the prompt, or script the exact text: one-shot answers
 * in a queue, or standing rules that match the request (by prompt text, model,
 * anything). Precedence: queued answer, then the first matching rule, then the
 * default answer.
 *
 * Structured output: when a request carries a JSON schema, the default answer
 * is a JSON value that conforms to it (structured.ts). A scripted string is
 * sent exactly as given, even when it breaks the schema, so a test can script
 * a valid JSON answer, an invalid one, or a non-JSON one. A scripted
 * `{ refusal }` makes the model decline, in the provider's own refusal form.
 */
import { defaultStructuredAnswer, type StructuredOutput } from "./structured";

/** "local" is the OpenAI-compatible local server (LM Studio-like or Ollama-like). */
export type Provider = "gemini" | "openai" | "anthropic" | "local";

/** A provider-neutral view of a generation request, built by each emulator. */
export interface AnswerRequest {
  provider: Provider;
  /** Which API was called, e.g. "streamGenerateContent", "responses", "chat.completions". */
  api: string;
  /** The model id as requested, without the "models/" prefix. */
  model: string;
  stream: boolean;
  /** System instructions (Gemini systemInstruction, OpenAI instructions or system/developer messages), joined by blank lines. */
  system: string;
  /** Text of the last user message: what the default answer and most matchers look at. */
  prompt: string;
  /** Every message in order, text parts joined. */
  messages: Array<{ role: string; text: string }>;
  maxOutputTokens?: number;
  temperature?: number;
  /** Label of the API key that was used (never the key itself). */
  keyLabel: string;
  /** The JSON schema the request asked the answer to follow (structured output), if any. */
  output?: StructuredOutput;
  /** The parsed request body, for anything not covered above. */
  body: unknown;
}

/**
 * The model declines. `message` is its explanation (OpenAI's refusal text,
 * Claude's stop_details.explanation, Gemini's finishMessage). Gemini only:
 * `stage: "prompt"` blocks the prompt itself (promptFeedback.blockReason)
 * instead of stopping the answer (finishReason SAFETY).
 */
export interface Refusal {
  refusal: string;
  stage?: "prompt" | "answer";
  /**
   * Claude only: text that streams before the refusal, as when Claude's
   * streaming classifiers stop an answer already under way (a text block, then
   * stop_reason "refusal"). The other providers ignore it.
   */
  partial?: string;
}

export type Answer = string | Refusal | ((request: AnswerRequest) => string | Refusal);
export type Matcher = string | RegExp | ((request: AnswerRequest) => boolean);

export class AnswerScript {
  private queue: Answer[] = [];
  private rules: Array<{ match: Matcher; answer: Answer }> = [];

  /** Queues a one-shot answer for the next generation request (any model). */
  enqueue(answer: Answer): void {
    this.queue.push(answer);
  }

  /** A standing rule: every request it matches gets this answer. A string matcher is a substring of the prompt. */
  addRule(match: Matcher, answer: Answer): void {
    this.rules.push({ match, answer });
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
    this.rules = [];
  }

  /** Picks the answer for a request and consumes a queued one if used. */
  answerFor(request: AnswerRequest): string | Refusal {
    const queued = this.queue.shift();
    if (queued !== undefined) return resolve(queued, request);
    const rule = this.rules.find(({ match }) => matches(match, request));
    if (rule) return resolve(rule.answer, request);
    return defaultAnswer(request);
  }
}

function resolve(answer: Answer, request: AnswerRequest): string | Refusal {
  return typeof answer === "function" ? answer(request) : answer;
}

function matches(match: Matcher, request: AnswerRequest): boolean {
  if (typeof match === "string") return request.prompt.includes(match);
  if (match instanceof RegExp) return match.test(request.prompt);
  return match(request);
}

/**
 * A stable Markdown answer derived only from the request, so the same prompt
 * always yields the same text (across runs and machines): a heading built from
 * the prompt's first words, a paragraph that quotes the prompt, and a list.
 */
export function defaultAnswer(request: Pick<AnswerRequest, "prompt" | "model" | "provider" | "output">): string {
  if (request.output) return defaultStructuredAnswer(request.output, request.prompt);
  const words = request.prompt.split(/\s+/u).filter(Boolean);
  const title = words.slice(0, 6).join(" ").replace(/[#*_`[\]]/gu, "") || "Untitled";
  const quoted = request.prompt.length > 120 ? `${request.prompt.slice(0, 117)}...` : request.prompt;
  const keywords = [...new Set(words.map((w) => w.replace(/[^\p{L}\p{N}-]/gu, "")).filter((w) => w.length > 3))].slice(0, 3);
  while (keywords.length < 3) keywords.push(["structure", "detail", "summary"][keywords.length] ?? "detail");
  return [
    `## ${title}`,
    "",
    `This is a deterministic answer from the ${request.provider} emulator (model \`${request.model}\`) to: "${quoted}".`,
    "",
    ...keywords.map((k, i) => `${i + 1}. A point about **${k}**.`),
    "",
    "- First item",
    "- Second item with `inline code`",
    "",
  ].join("\n");
}
