/**
 * A fake of Chrome's Prompt API (`LanguageModel`) for unit tests: every
 * availability state, download progress through the create() monitor,
 * streaming in chunks, the context window (new and old attribute names), the
 * errors Chrome throws, and a stream that waits so a test can abort mid-way.
 */
import type { BuiltinAvailability, LanguageModelFactory, LanguageModelOptions, LanguageModelSession } from "../../../src/shared/builtin-model";

export interface FakeModelSetup {
  availability?: BuiltinAvailability;
  /** What promptStreaming yields, chunk by chunk. */
  chunks?: string[];
  /** The session's context window in tokens. */
  contextWindow?: number;
  /** "context": contextUsage/contextWindow/measureContextUsage (Chrome 2026); "input": the older inputUsage/inputQuota/measureInputUsage; "none": neither. */
  usageApi?: "context" | "input" | "none";
  /** Download progress reported (0..1) when create() has to fetch the model. */
  downloadSteps?: number[];
  /** An error the answer's stream fails with after `failAfter` chunks (DOMException names, as Chrome throws them). */
  streamError?: { name: string; message: string; requested?: number; quota?: number };
  failAfter?: number;
  /** Pause before each chunk after the first `holdAfter` chunks until `release()`: lets a test abort mid-answer. */
  holdAfter?: number;
}

/** 4 characters a token, as the fake's tokenizer. */
export const fakeTokens = (text: string) => Math.ceil(text.length / 4);

function domError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

export class FakeSession implements LanguageModelSession {
  destroyed = false;
  readonly prompts: string[] = [];
  private used: number;

  constructor(
    private readonly fake: FakeLanguageModel,
    readonly options: LanguageModelOptions,
  ) {
    this.used = (options.initialPrompts ?? []).reduce((sum, message) => sum + fakeTokens(message.content), 0);
    const api = fake.setup.usageApi ?? "context";
    if (api === "context") {
      Object.defineProperty(this, "contextUsage", { get: () => this.used });
      Object.defineProperty(this, "contextWindow", { get: () => fake.setup.contextWindow ?? 4096 });
      this.measureContextUsage = async (input: string) => fakeTokens(input);
    } else if (api === "input") {
      Object.defineProperty(this, "inputUsage", { get: () => this.used });
      Object.defineProperty(this, "inputQuota", { get: () => fake.setup.contextWindow ?? 4096 });
      this.measureInputUsage = async (input: string) => fakeTokens(input);
    }
  }

  measureContextUsage?: (input: string) => Promise<number>;
  measureInputUsage?: (input: string) => Promise<number>;

  promptStreaming(input: string, options: { signal?: AbortSignal } = {}): ReadableStream<string> {
    if (this.destroyed) throw domError("InvalidStateError", "The session was destroyed.");
    this.prompts.push(input);
    const { chunks = [], streamError, failAfter = 0, holdAfter } = this.fake.setup;
    let index = 0;
    const abortError = () => domError("AbortError", "The operation was aborted.");
    return new ReadableStream<string>({
      start: (controller) => {
        options.signal?.addEventListener("abort", () => controller.error(abortError()), { once: true });
        if (options.signal?.aborted) controller.error(abortError());
      },
      pull: async (controller) => {
        if (holdAfter !== undefined && index >= holdAfter) await this.fake.held;
        if (options.signal?.aborted) return;
        if (streamError && index === failAfter) {
          controller.error(domError(streamError.name, streamError.message, { requested: streamError.requested, quota: streamError.quota }));
          return;
        }
        const chunk = chunks[index++];
        if (chunk === undefined) {
          this.used += fakeTokens(input) + fakeTokens(chunks.join(""));
          controller.close();
          return;
        }
        controller.enqueue(chunk);
      },
    });
  }

  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeLanguageModel implements LanguageModelFactory {
  readonly sessions: FakeSession[] = [];
  readonly availabilityCalls: (LanguageModelOptions | undefined)[] = [];
  /** Resolves when release() is called (see holdAfter). */
  held: Promise<void>;
  release!: () => void;

  constructor(readonly setup: FakeModelSetup = {}) {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  async availability(options?: LanguageModelOptions): Promise<BuiltinAvailability> {
    this.availabilityCalls.push(options);
    return this.setup.availability ?? "available";
  }

  async create(options: LanguageModelOptions = {}): Promise<LanguageModelSession> {
    const state = this.setup.availability ?? "available";
    if (state === "unavailable") throw domError("NotSupportedError", "The model is not available on this device.");
    if (state === "downloadable" || state === "downloading") {
      const monitor = new EventTarget();
      options.monitor?.(monitor);
      for (const loaded of this.setup.downloadSteps ?? [0, 1]) {
        await Promise.resolve();
        monitor.dispatchEvent(Object.assign(new Event("downloadprogress"), { loaded }));
      }
      this.setup.availability = "available";
    }
    const session = new FakeSession(this, options);
    this.sessions.push(session);
    return session;
  }
}
