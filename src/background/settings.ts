import type { TypedStore } from "../shared/storage/store";
import type { SettingsPatch, SettingsView } from "../shared/protocol";
import { engineReady } from "../shared/engine-ready";
import { ENGINE_IDS, type NotionIdentity, type StoredSecrets, type StoredSettings } from "../shared/storage/schema";
import { InkwellError } from "../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../core/notion-url";
import { withoutCredentials } from "../ai/server-origin";

/** Reads, validates and saves settings. The worker is the only writer of secrets. */
export class SettingsService {
  constructor(private readonly store: TypedStore) {}

  async view(): Promise<SettingsView> {
    const [settings, secrets] = await Promise.all([this.store.get("settings"), this.store.get("secrets")]);
    return { settings, secrets };
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
    await Promise.all([this.store.set("settings", settings), this.store.set("secrets", secrets)]);
    return { settings, secrets };
  }

  async secretValues(): Promise<string[]> {
    const secrets = await this.store.get("secrets");
    return Object.values(secrets).filter((value): value is string => typeof value === "string" && value.length > 0);
  }

  async requireNotionToken(): Promise<string> {
    const { notionToken } = await this.store.get("secrets");
    if (!notionToken) throw new InkwellError("not_configured", "Add your Notion token (an integration secret or a personal access token) in Settings first.");
    return notionToken;
  }

  async isConfigured(): Promise<boolean> {
    const [settings, secrets] = await Promise.all([this.store.get("settings"), this.store.get("secrets")]);
    return Boolean(secrets.notionToken) && engineReady(settings, secrets, settings.engine);
  }
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
