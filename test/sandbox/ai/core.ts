import type { IncomingMessage, ServerResponse } from "node:http";
import type { Handler } from "../http";
import { readBody } from "../http";
import { handleCors } from "./cors";
import { FaultPlan, type Fault, type InjectedError } from "./faults";
import { generate, type Generation } from "./generation";
import { IdMaker } from "./ids";
import { KeyRing, type KeyOptions, type Quota } from "./keys";
import { RequestLog, type LogEntry } from "./log";
import { AnswerScript, type Answer, type AnswerRequest, type Matcher, type Provider, type Refusal } from "./script";
import type { SseWriter } from "./sse";
import { checkTiming, dueAt, INSTANT_TIMING, pace, sleep, type Timing } from "./timing";

export interface KeySpec extends KeyOptions {
  key: string;
}

export interface EmulatorOptions {
  /** Valid keys. Replaces the provider's demo keys (GEMINI_DEMO_KEY / OPENAI_DEMO_KEY and their exhausted twins) when given. */
  keys?: KeySpec[];
  /** Streaming pace; instant by default. */
  timing?: Partial<Timing>;
  /** Hidden reasoning tokens per answer (counted against output limits); 0 by default. */
  reasoningTokens?: number;
  /** Clock for the per-minute rate limits (ms); Date.now by default. Tests can pass a fake one. */
  now?: () => number;
}

/** Per-request state shared by the generation handlers. */
export interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  entry: LogEntry;
  /** Aborts when the client goes away before the response ends. */
  signal: AbortSignal;
  /** performance.now() when the request arrived: the origin of the token schedule. */
  startedAt: number;
}

export type StreamEnd = "done" | "aborted" | "cut";

/**
 * What the Gemini and OpenAI emulators share: keys, scripted answers, pace,
 * fault injection, request log. Subclasses own routing and wire formats.
 */
export abstract class AiEmulator {
  protected readonly keyRing: KeyRing;
  protected readonly script = new AnswerScript();
  protected readonly faults = new FaultPlan();
  protected readonly ids: IdMaker;
  readonly log = new RequestLog();
  private pace: Timing;
  private reasoning: number;
  protected readonly now: () => number;

  /** The Node request handler: mount it on any HTTP(S) server. */
  readonly handle: Handler = async (req, res) => {
    const entry = this.log.start(req, res);
    if (this.answerCors(req, res)) return;
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      await this.route({ req, res, entry, signal: controller.signal, startedAt: performance.now() });
    } catch (error) {
      // A client that goes away mid-upload makes reading the body throw: not a crash.
      if (!controller.signal.aborted) throw error;
    }
  };

  protected constructor(
    protected readonly provider: Provider,
    defaultKeys: KeySpec[],
    options: EmulatorOptions,
    defaultTokensPerEvent: number,
  ) {
    this.now = options.now ?? Date.now;
    this.keyRing = new KeyRing(this.now);
    this.ids = new IdMaker(provider);
    for (const { key, ...rest } of options.keys ?? defaultKeys) this.keyRing.add(key, rest);
    this.pace = checkTiming({ ...INSTANT_TIMING, tokensPerEvent: defaultTokensPerEvent, ...options.timing });
    this.reasoning = options.reasoningTokens ?? 0;
  }

  protected abstract route(call: Call): Promise<void>;
  /** Response headers a browser caller may read (CORS). */
  protected abstract readonly exposedHeaders: string[];

  /**
   * Browser (CORS) handling before routing: returns true when it fully
   * answered the request (a preflight, or a provider that refuses the origin).
   * By default the calling origin is allowed, as Gemini and OpenAI do.
   */
  protected answerCors(req: IncomingMessage, res: ServerResponse): boolean {
    return handleCors(req, res, this.exposedHeaders);
  }

  // ---- keys ----

  /** Accepts `key` from now on (or updates its options). */
  addKey(key: string, options: KeyOptions = {}): this {
    this.keyRing.add(key, options);
    return this;
  }

  removeKey(key: string): this {
    this.keyRing.remove(key);
    return this;
  }

  /** Flips a key between working and quota-exhausted. */
  setQuota(key: string, quota: Quota): this {
    this.keyRing.setQuota(key, quota);
    return this;
  }

  // ---- answers ----

  /** Queues the exact answer for the next generation request (one-shot, FIFO). */
  scriptAnswer(answer: Answer): this {
    this.script.enqueue(answer);
    return this;
  }

  /** Queues a refusal for the next generation request: the model declines, in the provider's refusal form. */
  scriptRefusal(message = "I'm sorry, but I can't help with that request.", stage?: Refusal["stage"]): this {
    return this.scriptAnswer({ refusal: message, ...(stage ? { stage } : {}) });
  }

  /** Standing rule: requests whose prompt contains `match` (or matches the RegExp/predicate) get `answer`. First matching rule wins. */
  answerWhen(match: Matcher, answer: Answer): this {
    this.script.addRule(match, answer);
    return this;
  }

  // ---- pace ----

  get timing(): Readonly<Timing> {
    return this.pace;
  }

  /** e.g. setTiming({ ttftMs: 200, tokensPerSecond: 50 }); setTiming(INSTANT_TIMING) for fast tests. */
  setTiming(timing: Partial<Timing>): this {
    this.pace = checkTiming({ ...this.pace, ...timing });
    return this;
  }

  /** Hidden reasoning tokens per answer: they count in usage and against output limits. */
  setReasoningTokens(count: number): this {
    if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`reasoning tokens must be an integer >= 0, got ${count}`);
    this.reasoning = count;
    return this;
  }

  // ---- faults ----

  /** The next `times` streamed answers drop the connection after `afterTokens` output tokens, without the final event. */
  cutNextStream(afterTokens: number, times = 1): this {
    this.faults.add({ kind: "cut", afterTokens }, times);
    return this;
  }

  /** The next `times` generation requests fail with the provider's error of that kind ("overloaded" by default: 503, Anthropic 529). */
  failNext(error: InjectedError = "overloaded", times = 1): this {
    this.faults.add({ kind: "error", error }, times);
    return this;
  }

  // ---- log ----

  /** Every request so far, oldest first (keys appear as labels only). */
  get requests(): readonly LogEntry[] {
    return this.log.entries;
  }

  /** The log as text, one line per request: handy in a failing test's output. */
  formatLog(): string {
    return this.log.format();
  }

  clearLog(): this {
    this.log.clear();
    return this;
  }

  /** Forgets scripted answers, rules, pending faults and the log; keeps keys and timing. */
  reset(): this {
    this.script.clear();
    this.faults.clear();
    this.log.clear();
    this.ids.reset();
    return this;
  }

  // ---- helpers for subclasses ----

  protected async readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown; raw: string } | { ok: false; raw: string }> {
    const raw = await readBody(req);
    if (raw.trim() === "") return { ok: true, value: {}, raw };
    try {
      return { ok: true, value: JSON.parse(raw) as unknown, raw };
    } catch {
      return { ok: false, raw };
    }
  }

  protected takeFault(): Fault | undefined {
    return this.faults.take();
  }

  /** Picks the answer and applies output limits; `promptText` (everything the model reads) sets the prompt token count. */
  protected run(request: AnswerRequest, promptText: string): Generation {
    const answer = this.script.answerFor(request);
    const refusal = typeof answer === "string" ? undefined : answer;
    const gen = generate(refusal ? refusal.refusal : (answer as string), promptText, { maxOutputTokens: request.maxOutputTokens, reasoningTokens: this.reasoning });
    return refusal ? { ...gen, refusal } : gen;
  }

  /** Waits until the complete answer would have been generated (non-streaming calls): ttft plus generation time. */
  protected waitForWholeAnswer(call: Call, tokenCount: number): Promise<boolean> {
    return sleep(call.startedAt + dueAt(this.pace, Math.max(0, tokenCount - 1)) - performance.now(), call.signal);
  }

  /** A "cut" fault on a non-streaming call: the connection drops before any response. */
  protected dropConnection(call: Call): void {
    call.entry.outcome = "cut";
    call.res.destroy();
  }

  /**
   * Streams the tokens in paced batches through `emit` (isLast marks the batch
   * that completes the answer, so a provider can fold its final fields into
   * it). A "cut" fault stops after that many tokens and drops the connection.
   * For an empty answer, waits out the time to first token before returning.
   */
  protected async streamTokens(
    call: Call,
    sse: SseWriter,
    tokens: readonly string[],
    fault: Fault | undefined,
    emit: (batch: string[], isLast: boolean) => void,
  ): Promise<StreamEnd> {
    const cutAt = fault?.kind === "cut" ? fault.afterTokens : undefined;
    const toSend = cutAt === undefined ? tokens : tokens.slice(0, cutAt);
    let sent = 0;
    call.entry.tokensSent = 0;
    for await (const batch of pace(toSend, this.pace, call.startedAt, call.signal)) {
      sent += batch.length;
      emit(batch, cutAt === undefined && sent === tokens.length);
      call.entry.tokensSent = sent;
    }
    if (call.signal.aborted) return "aborted";
    if (cutAt !== undefined) {
      call.entry.outcome = "cut";
      await sse.cut();
      // The log finalizes on close, which may come after the client noticed the cut.
      call.entry.status = call.res.statusCode;
      return "cut";
    }
    if (tokens.length === 0 && !(await sleep(call.startedAt + this.pace.ttftMs - performance.now(), call.signal))) return "aborted";
    return "done";
  }
}
