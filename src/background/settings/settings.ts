import type { Storage } from "webextension-polyfill";
import type { TypedStore } from "../../shared/storage/store";
import type { SecretProtection, SecretsView, SettingsPatch, SettingsView } from "../../shared/protocol/types";
import { engineReady } from "../../shared/engine-ready";
import { ENGINE_IDS, emptySecrets, type NotionIdentity, type StoredSecrets, type StoredSettings } from "../../shared/storage/schema";
import { InkwellError } from "../../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../../core/notion-url";
import { withoutCredentials } from "../../core/server-origin";
import { LEGACY_SECRETS_KEY, readLegacySecrets, SECRETS_CHANGED_KEY, type SecretVault } from "./secret-vault";

/** Settings with the keys themselves: for the worker's own use, never sent to a page. */
export interface WorkerSettings {
  settings: StoredSettings;
  secrets: StoredSecrets;
}

/** Keys shorter than this show no ending: four characters of a short key give too much of it away. */
const MIN_LENGTH_FOR_ENDING = 12;

/**
 * Reads, validates and saves settings. The worker is the only reader and
 * writer of secrets: they live in the vault (the extension origin's
 * IndexedDB), and pages only ever see whether each is set and how it ends.
 */
export class SettingsService {
  private protectionProblem: string | null = null;

  constructor(
    private readonly store: TypedStore,
    private readonly vault: SecretVault,
    /**
     * storage.local: where keys stay only if the vault could never take them (read so they aren't lost),
     * and where a save of keys is announced (the time only) so that other open Settings refresh.
     */
    private readonly legacyArea?: Storage.StorageArea,
  ) {}

  /** The settings and keys, for the worker. */
  async view(): Promise<WorkerSettings> {
    const [settings, secrets] = await Promise.all([this.store.get("settings"), this.secrets()]);
    return { settings, secrets };
  }

  /** What the popup and options page may see: no key in plaintext. */
  async pageView(): Promise<SettingsView> {
    return toPageView(await this.view(), this.protection());
  }

  /** Whether keys are kept out of content scripts' reach; a failure shows in Settings and diagnostics. */
  protection(): SecretProtection {
    return this.protectionProblem === null ? { ok: true } : { ok: false, problem: this.protectionProblem };
  }

  /** Keys as last read or saved: run records are scrubbed with them at every progress save. */
  private cached: StoredSecrets | null = null;
  /** Bumped by every write and clear: a read that began before one mustn't cache what it read (a cleared key would live on). */
  private generation = 0;

  private async secrets(): Promise<StoredSecrets> {
    if (this.cached) return this.cached;
    const generation = this.generation;
    try {
      const stored = await this.vault.read();
      // A failed move leaves keys in storage.local: still unprotected, however well the vault reads.
      if (stored || !(await this.legacySecrets())) this.protectionProblem = null;
      if (stored && generation === this.generation) this.cached = stored;
      return stored ?? (await this.legacySecrets()) ?? emptySecrets();
    } catch (error) {
      this.protectionProblem = vaultProblem(error);
      return (await this.legacySecrets()) ?? emptySecrets();
    }
  }

  private async legacySecrets(): Promise<StoredSecrets | undefined> {
    return this.legacyArea ? readLegacySecrets(this.legacyArea) : undefined;
  }

  /** Keys couldn't be moved into the vault (they stay where they were): Settings and diagnostics say so. */
  markUnprotected(error: unknown): void {
    this.protectionProblem = vaultProblem(error);
  }

  /**
   * Forgets every key, then runs `clearRest` (the rest of Clear all data), in turn with saves: a save
   * that began before it can't write its keys back afterwards, and one made later isn't cleared.
   */
  clearSecrets(clearRest: () => Promise<void> = async () => undefined): Promise<void> {
    return this.serially(async () => {
      this.generation += 1;
      this.cached = null;
      await this.vault.clear();
      this.generation += 1;
      this.cached = null;
      await clearRest();
    });
  }

  /** The chain of settings writes: each reads what the one before it wrote (a save and a learned Notion identity can overlap). */
  private writes: Promise<unknown> = Promise.resolve();

  private serially<T>(write: () => Promise<T>): Promise<T> {
    const result = this.writes.then(write, write);
    this.writes = result.catch(() => undefined);
    return result;
  }

  save(patch: SettingsPatch): Promise<SettingsView> {
    return this.serially(() => this.write(patch));
  }

  /** Stores who the Notion token acts as, if `token` is still the saved one (false otherwise: nothing stored). */
  rememberNotionIdentity(token: string, identity: NotionIdentity): Promise<boolean> {
    return this.serially(async () => {
      const { settings, secrets } = await this.view();
      if (!secrets.notionToken || secrets.notionToken !== token) return false;
      await this.store.set("settings", { ...settings, notionIdentity: identity });
      return true;
    });
  }

  private async write(patch: SettingsPatch): Promise<SettingsView> {
    const current = await this.view();
    const connectionsDatabaseUrl = patch.connectionsDatabaseUrl?.trim() ?? current.settings.connectionsDatabaseUrl;
    if (connectionsDatabaseUrl) {
      const parsed = parseNotionUrl(connectionsDatabaseUrl);
      if (!parsed.ok) throw new InkwellError("invalid_input", `Connections database: ${describeUrlProblem(parsed.reason)}`);
    }
    const models = { ...current.settings.models };
    for (const engine of ENGINE_IDS) {
      const model = patch.models?.[engine]?.trim();
      if (model) models[engine] = model;
    }
    const settings: StoredSettings = {
      engine: patch.engine ?? current.settings.engine,
      models,
      connectionsDatabaseUrl,
      concurrency: patch.concurrency ?? current.settings.concurrency,
      compatibleBaseUrl: patch.compatibleBaseUrl !== undefined ? normaliseBaseUrl(patch.compatibleBaseUrl) : current.settings.compatibleBaseUrl,
      usage: {
        prices: patch.usage?.prices ?? current.settings.usage.prices,
        monthlyBudget: patch.usage?.monthlyBudget !== undefined ? patch.usage.monthlyBudget : current.settings.usage.monthlyBudget,
      },
    };
    // Who the Notion token acts as belongs to that token: a new token is asked about afresh.
    const notionToken = patch.secrets?.notionToken?.trim();
    if (current.settings.notionIdentity && (notionToken === undefined || notionToken === current.secrets.notionToken)) {
      settings.notionIdentity = current.settings.notionIdentity;
    }
    // Keys are trimmed: a pasted key often carries a trailing newline or space.
    const secrets: StoredSecrets = { ...current.secrets };
    for (const name of Object.keys(secrets) as (keyof StoredSecrets)[]) {
      const value = patch.secrets?.[name];
      if (value !== undefined) secrets[name] = value.trim();
    }
    if (patch.secrets && Object.keys(patch.secrets).length > 0) {
      try {
        this.generation += 1;
        this.cached = null;
        await this.vault.write(secrets);
        this.cached = secrets;
        // Completes a move that failed earlier: the vault now holds every key.
        await this.legacyArea?.remove(LEGACY_SECRETS_KEY);
        this.protectionProblem = null;
      } catch (error) {
        this.protectionProblem = vaultProblem(error);
        // Never fall back to storage.local: a content script could read a key there.
        throw new InkwellError("secrets_unprotected", `${this.protectionProblem} Your keys were not saved.`, { cause: error });
      }
      // Only a cue for other open Settings to refresh: the keys are saved and protected even if storage.local refuses it (full).
      await this.legacyArea?.set({ [SECRETS_CHANGED_KEY]: Date.now() }).catch(() => undefined);
    }
    await this.store.set("settings", settings);
    return toPageView({ settings, secrets }, this.protection());
  }

  async secretValues(): Promise<string[]> {
    const secrets = await this.secrets();
    return Object.values(secrets).filter((value): value is string => typeof value === "string" && value.length > 0);
  }

  async requireNotionToken(): Promise<string> {
    const { notionToken } = await this.secrets();
    if (!notionToken) throw new InkwellError("not_configured", "Add your Notion token (an integration secret or a personal access token) in Settings first.");
    return notionToken;
  }

  async isConfigured(): Promise<boolean> {
    const { settings, secrets } = await this.view();
    return Boolean(secrets.notionToken) && engineReady(settings, (name) => secrets[name] !== "", settings.engine);
  }
}

/** "set, ending in 9f2c": all a page learns of a saved key. */
export function describeSecrets(secrets: StoredSecrets): SecretsView {
  const view = {} as SecretsView;
  for (const name of Object.keys(secrets) as (keyof StoredSecrets)[]) {
    const value = secrets[name];
    view[name] = { set: value !== "", ending: value.length >= MIN_LENGTH_FOR_ENDING ? value.slice(-4) : "" };
  }
  return view;
}

function toPageView({ settings, secrets }: WorkerSettings, protection: SecretProtection): SettingsView {
  return { settings, secrets: describeSecrets(secrets), protection };
}

function vaultProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `This browser refused Inkwell's private key storage (IndexedDB: ${reason}), so keys can't be kept out of reach of web pages. Check that the browser isn't blocking site data for extensions, then reopen Settings.`;
}

/** "http://localhost:11434/v1/" → "http://localhost:11434/v1". Rejects what isn't an http(s) URL. */
export function normaliseBaseUrl(input: string): string {
  const trimmed = input.trim();
  if (!trimmed) return "";
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new InkwellError("invalid_input", `The server address "${withoutCredentials(trimmed)}" isn't a URL. Example: http://localhost:11434/v1`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InkwellError("invalid_input", "The server address must start with http:// or https://.");
  }
  // Browsers refuse to fetch a URL with credentials in it, and the address is shown in messages (error log, Notion).
  if (url.username || url.password) {
    throw new InkwellError("invalid_input", "Take the user name and password out of the server address: put the server's key in the Server key field instead.");
  }
  return url.href.replace(/\/+$/, "");
}
