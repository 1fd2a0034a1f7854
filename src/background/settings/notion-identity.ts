import type { NotionAccess } from "../../core/errors";
import { setNotionAccess } from "../../notion/access";
import { checkNotionToken } from "../../notion/identity";
import type { NotionIdentity } from "../../shared/protocol/types";
import type { SettingsService } from "./settings";

/**
 * Who the saved Notion token acts as: an integration (sees what was shared with
 * it) or a person (a personal access token, sees what that person can open).
 * Learned from GET /v1/users/me and kept in settings (`notionIdentity`) so the
 * worker doesn't ask Notion again after every restart; the settings service
 * drops it whenever the token changes.
 */
export class NotionIdentityService {
  constructor(
    private readonly settings: SettingsService,
    private readonly fetch: (token: string) => Promise<NotionIdentity> = checkNotionToken,
  ) {}

  /**
   * Publishes the stored identity to the Notion gateway (worker start-up, a new token). A saved token
   * whose kind isn't known yet (saved while Notion couldn't be asked, or before Inkwell told kinds
   * apart) is asked about in the background, so that runs' advice fits it; `learned` settles then.
   */
  async load(): Promise<{ learned: Promise<unknown> }> {
    const { settings, secrets } = await this.settings.view();
    setNotionAccess(settings.notionIdentity ? toAccess(settings.notionIdentity) : undefined);
    const token = secrets.notionToken;
    return { learned: settings.notionIdentity || !token ? Promise.resolve() : this.accessFor(token) };
  }

  /**
   * The saved token's access: stored if known, else asked of Notion; undefined if Notion can't say
   * (offline, or it rejects the token: then its advice must fit either kind).
   */
  async accessFor(token: string): Promise<NotionAccess | undefined> {
    const { notionIdentity } = (await this.settings.view()).settings;
    if (notionIdentity) return toAccess(notionIdentity);
    try {
      const identity = await this.fetch(token);
      await this.remember(token, identity);
      return toAccess(identity);
    } catch {
      return undefined;
    }
  }

  /** Settings' check of a token (typed, or else the saved one): who it acts as, remembered if it is the saved one. */
  async check(token: string): Promise<NotionIdentity> {
    const identity = await this.fetch(token);
    await this.remember(token, identity);
    return identity;
  }

  /** Stores what users/me said, if `token` is still the saved one (a check of a token typed but not saved changes nothing). */
  async remember(token: string, identity: NotionIdentity): Promise<void> {
    if (await this.settings.rememberNotionIdentity(token, identity)) setNotionAccess(toAccess(identity));
  }
}

function toAccess(identity: NotionIdentity): NotionAccess {
  return { kind: identity.kind, ...(identity.name ? { name: identity.name } : {}) };
}
