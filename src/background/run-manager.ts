import { createEngine } from "../ai/engines";
import { InkwellError, toInkwellError } from "../core/errors";
import { redactSecrets } from "../core/redact";
import { buildPrompt } from "../core/prompt";
import { NotionBlockWriter } from "../notion/block-writer";
import { createNotionClient, onNotionSchedulerEvent } from "../notion/client";
import type { Run } from "../shared/storage/schema";
import { holdWorkerAlive } from "./keepalive";
import { assertPrompt, generateIntoPage, type PageRunProgress } from "./page-run";
import type { RecordStore } from "./records";
import type { SettingsService } from "./settings";

/** How often a running run's progress is persisted (it is also the UI's progress feed). */
const PERSIST_INTERVAL_MS = 250;

/**
 * Starts, tracks and cancels generation runs. A run's record in storage is the
 * single source of truth for its progress: the popup and the options page
 * watch it through storage.onChanged, and it survives the popup closing.
 */
export class RunManager {
  private readonly active = new Map<string, AbortController>();

  constructor(
    private readonly records: RecordStore,
    private readonly settings: SettingsService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Marks runs that were in progress when the worker last stopped: their stream is gone, their written blocks stay. */
  async recoverInterrupted(): Promise<void> {
    for (const run of await this.records.listRuns()) {
      if (run.status !== "running" && run.status !== "queued") continue;
      if (this.active.has(run.id)) continue;
      await this.records.saveRun({
        ...run,
        status: run.blocksWritten > 0 ? "partial" : "failed",
        endedAt: this.now(),
        error: {
          code: "ai_stream_interrupted",
          message: "Inkwell was stopped while generating (the browser closed or the extension was updated). What was written stays; generate again for a complete answer.",
        },
      });
    }
  }

  async start(connectionId: string): Promise<Run> {
    const connection = await this.records.getConnection(connectionId);
    if (!connection) throw new InkwellError("invalid_input", "That connection no longer exists.");
    if (connection.kind !== "page") throw new InkwellError("invalid_input", "Database generation is not available yet.");
    assertPrompt(connection.prompt);
    if ([...this.active.keys()].length > 0) {
      const running = await this.records.getRuns([...this.active.keys()]);
      if (running.some((run) => run.targetId === connection.targetId)) {
        throw new InkwellError("invalid_input", "A generation into this page is already running. Wait for it or cancel it first.");
      }
    }
    const { settings, secrets } = await this.settings.view();
    const notionToken = await this.settings.requireNotionToken();
    const apiKey = settings.engine === "gemini" ? secrets.geminiKey : secrets.openaiKey;
    if (!apiKey) throw new InkwellError("not_configured", `Add your ${settings.engine === "gemini" ? "Gemini" : "OpenAI"} API key in Settings first.`);

    const run: Run = {
      id: crypto.randomUUID(),
      connectionId,
      kind: "page",
      targetId: connection.targetId,
      engine: settings.engine,
      model: settings.models[settings.engine],
      status: "running",
      startedAt: this.now(),
      receivedChars: 0,
      outputTokens: 0,
      inputTokens: 0,
      writtenBlockIds: [],
      blocksWritten: 0,
    };
    await this.records.saveRun(run);
    await this.records.addRunToConnection(connectionId, run.id);

    const controller = new AbortController();
    this.active.set(run.id, controller);
    const release = holdWorkerAlive();
    void this.execute(run, connection.prompt, connection.options, notionToken, apiKey, controller).finally(() => {
      this.active.delete(run.id);
      release();
    });
    return run;
  }

  /** Run records are shown in the UI and exported in diagnostics: scrub any secret an upstream message might echo. */
  private async safeError(error: InkwellError): Promise<{ code: string; message: string }> {
    return { code: error.code, message: redactSecrets(error.message, await this.settings.secretValues()) };
  }

  cancel(runId: string): boolean {
    const controller = this.active.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  private async execute(
    initial: Run,
    prompt: string,
    options: Parameters<typeof buildPrompt>[1],
    notionToken: string,
    apiKey: string,
    controller: AbortController,
  ): Promise<void> {
    let run = initial;
    let dirty = false;
    let lastPersist = 0;
    const persist = async (force = false) => {
      if (!force && (!dirty || this.now() - lastPersist < PERSIST_INTERVAL_MS)) return;
      dirty = false;
      lastPersist = this.now();
      await this.records.saveRun(run);
    };
    const update = (patch: Partial<Run>) => {
      run = { ...run, ...patch };
      dirty = true;
      void persist();
    };
    // Show Notion's rate limiting in the run's progress.
    const unsubscribe = onNotionSchedulerEvent((event) => {
      if (event.type === "throttled") update({ waitingUntil: this.now() + event.retryAfterMs });
    });
    const flushTimer = setInterval(() => void persist(), PERSIST_INTERVAL_MS);
    try {
      const client = createNotionClient(notionToken);
      const writer = new NotionBlockWriter(client, run.targetId);
      await writer.prime();
      const outcome = await generateIntoPage({
        engine: createEngine(run.engine, { apiKey }),
        model: run.model,
        prompt: buildPrompt(prompt, options),
        sink: writer,
        signal: controller.signal,
        onProgress: (progress: PageRunProgress) => update({ ...progress, waitingUntil: undefined }),
      });
      const { error, ...result } = outcome;
      run = { ...run, ...result, endedAt: this.now(), waitingUntil: undefined };
      if (error) run.error = await this.safeError(error);
    } catch (error) {
      run = { ...run, status: "failed", endedAt: this.now(), waitingUntil: undefined, error: await this.safeError(toInkwellError(error)) };
    } finally {
      clearInterval(flushTimer);
      unsubscribe();
      dirty = true;
      await persist(true);
    }
  }
}
