import { redactSecrets } from "../../core/redact";
import { ERROR_LOG_LIMIT, type LoggedError } from "../../shared/storage/schema";
import type { TypedStore } from "../../shared/storage/store";

/**
 * The last errors, for "Copy diagnostics". Only the worker writes the key, and
 * its writes are chained, so two failures at once can't drop each other.
 * Messages are scrubbed of secrets before they are stored; recording never
 * throws (a failure to log must not become the user's problem).
 */
export class ErrorLog {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: TypedStore,
    private readonly knownSecrets: () => Promise<readonly string[]>,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: Omit<LoggedError, "at">): Promise<void> {
    const at = this.now();
    this.chain = this.chain.then(async () => {
      try {
        const secrets = await this.knownSecrets().catch(() => []);
        const logged: LoggedError = {
          at,
          code: entry.code.slice(0, 100),
          message: redactSecrets(entry.message, secrets).slice(0, 2_000),
          context: redactSecrets(entry.context, secrets).slice(0, 200),
        };
        const current = await this.store.get("errorLog").catch(() => []);
        await this.store.set("errorLog", [...current, logged].slice(-ERROR_LOG_LIMIT));
      } catch (error) {
        console.warn("[inkwell] could not record an error", error instanceof Error ? error.name : "");
      }
    });
    return this.chain;
  }

  async list(): Promise<LoggedError[]> {
    await this.chain;
    return this.store.get("errorLog").catch(() => []);
  }
}
