/**
 * The Notion API emulator: a Node request handler serving /v1/… with Notion's
 * shapes, limits and errors, over an in-memory workspace that tests seed and
 * inspect in-process. Mount `handle` anywhere (the HTTPS sandbox routes
 * api.notion.com to it; contract tests use listenHttp).
 *
 *   const notion = new NotionEmulator({ rateLimit: false });
 *   notion.addIntegration({ token: "ntn_test", name: "Inkwell" });
 *   const page = notion.createPage({ title: "Ideas", sharedWith: ["ntn_test"] });
 *   const server = await listenHttp(notion.handle);
 *   new Client({ auth: "ntn_test", baseUrl: server.url, notionVersion: "2026-03-11" });
 *
 * Personal access tokens act as a workspace member and see exactly what that
 * person can open (no sharing with an integration):
 *
 *   const bob = notion.addMember({ name: "Bob" });
 *   notion.addPersonalToken({ token: "pat_bob", personId: bob });
 *   notion.grantAccess(page, bob);                                // or sharedWith: ["pat_bob"]
 */
import type { Handler } from "../http";
import type { Settings } from "./api-context";
import { botUserJson, personUserJson } from "./api-users";
import { FaultInjector, type RandomFaultOptions, type ScriptedFault } from "./faults";
import { createHandler } from "./http-handler";
import { newId, normalizeId } from "./ids";
import { NOTION_RATE_LIMIT, RateLimiter, type RateLimitModel, type RateLimitOptions } from "./rate-limit";
import { RequestLog, type RequestLogEntry } from "./request-log";
import { Router } from "./router";
import { Seeder, type SeedBlock, type SeedDatabase, type SeededDatabase, type SeedPage, type SeedValue } from "./seed";
import { Serializer, type ApiVersion } from "./serialize";
import { Store, type Json } from "./store";
import { createView } from "./view";
import type { ViewBlock, ViewRow, WorkspaceView } from "./workspace-view";

export type { RandomFaultOptions, ScriptedFault, FaultKind, FaultTiming } from "./faults";
export type { RateLimitOptions } from "./rate-limit";
export type { RequestLogEntry } from "./request-log";
export type { SeedBlock, SeedDatabase, SeededDatabase, SeedPage, SeedValue } from "./seed";

export interface NotionEmulatorOptions {
  /** Shown as `bot.workspace_name` (default "Inkwell Sandbox"). */
  workspaceName?: string;
  /** The workspace's human member, who "created" seeded content. */
  owner?: { name?: string; email?: string };
  /**
   * Per-token limit: a model (`{ kind: "bucket", … }` or `{ kind: "window", requestsPerWindow, windowSeconds? }`),
   * or bucket options merged over the classic 3 requests/s with bursts of 4 (the default). `false` turns it off.
   */
  rateLimit?: Partial<RateLimitOptions> | RateLimitModel | false;
  /** A limit shared by every token of the workspace (refused with rate_limit_reason `public_api_space_request_rate_limit`); none by default. */
  workspaceRateLimit?: RateLimitModel | false;
  /** A random share of faulty answers (see FaultInjector); none by default. */
  faults?: RandomFaultOptions | null;
  /** Free-plan lifetime block limit of the workspace (Notion: 1000); null (default) for none. */
  blockLimit?: number | null;
  /** Rows one query pages through before `request_status: incomplete` (Notion: 10,000). */
  queryResultCap?: number;
  /** Levels of children below the top-level blocks of one request (Notion: 2). */
  maxNestingDepth?: number;
  /** Records the page-markdown endpoint renders before `truncated` (Notion: about 20,000). */
  markdownRecordLimit?: number;
  /** false: GET /v1/pages/:id/markdown answers 400 invalid_request_url, as a Notion without the endpoint would. */
  markdownEndpoint?: boolean;
  /** Time source in epoch ms (rate limiting, timestamps, the log); default Date.now. */
  clock?: () => number;
  /** Request log entries kept, oldest dropped first (default 10,000). */
  requestLogLimit?: number;
}

export interface AddIntegration {
  /** The secret the client sends as `Authorization: Bearer …` (any string; Notion's are `ntn_…`). */
  token: string;
  /** The bot's name (default "Inkwell"); the request log shows it instead of the token. */
  name?: string;
  /** `bot.workspace_name` for this bot (default: the emulator's workspace name). */
  workspaceName?: string;
}

export interface AddPersonalToken {
  /** The token the client sends as `Authorization: Bearer …` (Notion's prefixes mean nothing to clients). */
  token: string;
  /** The member who created it (see addMember); default the workspace owner. */
  personId?: string;
}

export class NotionEmulator implements WorkspaceView {
  /** Mount this: a Node request handler for paths under /v1/. */
  readonly handle: Handler;
  /** The same object, typed as the web app's view of the workspace. */
  readonly view: WorkspaceView;
  /** Scripted and random faults; see `injectFault` / `setFaults`. */
  readonly faults = new FaultInjector();

  private readonly store: Store;
  private readonly seeder: Seeder;
  private readonly limiter: RateLimiter;
  private readonly log: RequestLog;
  private readonly settings: Settings;
  private readonly workspaceId = newId();
  private readonly workspaceName: string;
  private readonly workspaceView: WorkspaceView;

  constructor(options: NotionEmulatorOptions = {}) {
    const clock = options.clock ?? Date.now;
    this.workspaceName = options.workspaceName ?? "Inkwell Sandbox";
    this.store = new Store(
      { id: newId(), name: options.owner?.name ?? "Ada Lovelace", email: options.owner?.email ?? "ada@example.com" },
      clock,
    );
    this.seeder = new Seeder(this.store);
    this.log = new RequestLog(checkCount(options.requestLogLimit ?? 10_000, "requestLogLimit", 1));
    this.limiter = new RateLimiter(rateOptions(options.rateLimit), clock, options.workspaceRateLimit ?? false);
    this.settings = {
      maxNestingDepth: checkCount(options.maxNestingDepth ?? 2, "maxNestingDepth", 0),
      queryResultCap: checkCount(options.queryResultCap ?? 10_000, "queryResultCap", 1),
      blockLimit: options.blockLimit === undefined || options.blockLimit === null ? null : checkCount(options.blockLimit, "blockLimit", 0),
      markdownRecordLimit: checkCount(options.markdownRecordLimit ?? 20_000, "markdownRecordLimit", 1),
      markdownEndpoint: options.markdownEndpoint ?? true,
    };
    if (options.faults) this.faults.configure(options.faults);
    this.workspaceView = createView(this.store);
    this.view = this;
    this.handle = createHandler({
      store: this.store,
      router: new Router(this.workspaceId),
      limiter: this.limiter,
      faults: this.faults,
      log: this.log,
      settings: this.settings,
      clock,
    });
  }

  // ------------------------------------------------------------ seeding

  /** Registers an integration token; returns its bot user as GET /v1/users/me shows it. */
  addIntegration(integration: AddIntegration): Json {
    if (this.store.integrations.has(integration.token)) throw new Error("addIntegration: that token is already registered");
    const rec = {
      token: integration.token,
      kind: "bot" as const,
      id: newId(),
      name: integration.name ?? "Inkwell",
      workspaceName: integration.workspaceName ?? this.workspaceName,
      shared: new Set<string>(),
    };
    this.store.integrations.set(integration.token, rec);
    return botUserJson({ store: this.store }, rec, this.workspaceId);
  }

  /** The workspace owner's user id (the person who "created" seeded content). */
  get ownerId(): string {
    return this.store.owner.id;
  }

  /** A workspace member who can open nothing yet (see grantAccess); returns their user id. */
  addMember(member: { name: string; email?: string }): string {
    const id = newId();
    const email = member.email ?? `${member.name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}@example.com`;
    this.store.write(() => this.store.people.set(id, { id, name: member.name, email, access: new Set() }));
    return id;
  }

  /**
   * A personal access token of a member (default the owner): it acts as that person, sees exactly
   * what they can open, and GET /v1/users/me answers with the person. Returns that user as users/me shows it.
   */
  addPersonalToken(pat: AddPersonalToken): Json {
    if (this.store.integrations.has(pat.token)) throw new Error("addPersonalToken: that token is already registered");
    const person = this.store.people.get(pat.personId ?? this.store.owner.id);
    if (!person) throw new Error("addPersonalToken: no such member (call addMember first)");
    this.store.integrations.set(pat.token, { token: pat.token, kind: "person", id: person.id, name: person.name, workspaceName: this.workspaceName, shared: person.access });
    return personUserJson(person);
  }

  /** Lets a member open a page or database and everything in it (as sharing it with them in Notion does). */
  grantAccess(objectId: string, personId: string): void {
    const person = this.store.people.get(personId);
    if (!person) throw new Error("grantAccess: no such member");
    const id = normalizeId(objectId);
    if (id === undefined || !this.store.get(id)) throw new Error(`grantAccess: no object with id ${objectId}`);
    this.store.write(() => person.access.add(id));
  }

  revokeAccess(objectId: string, personId: string): void {
    const person = this.store.people.get(personId);
    const id = normalizeId(objectId);
    if (person && id !== undefined) this.store.write(() => person.access.delete(id));
  }

  /** A page (top-level when no parent) with optional content; returns its id. */
  createPage(seed: SeedPage): string {
    return this.seeder.createPage(seed);
  }

  /** A database with one data source (more via `moreDataSources`) and optional rows. */
  createDatabase(seed: SeedDatabase): SeededDatabase {
    return this.seeder.createDatabase(seed);
  }

  /** A row in a data source (or a database's first data source); values by column name. Returns the row's page id. */
  addRow(dataSourceOrDatabaseId: string, values: Record<string, SeedValue>, blocks?: readonly SeedBlock[]): string {
    return this.seeder.addRow(dataSourceOrDatabaseId, values, blocks);
  }

  /** Shares a page or database (and everything under it) with the integration of `token`. */
  share(objectId: string, token: string): void {
    this.seeder.share(objectId, token);
  }

  unshare(objectId: string, token: string): void {
    this.seeder.unshare(objectId, token);
  }

  // ------------------------------------------------------------ state readers (sharing ignored)

  /** A page as GET /v1/pages returns it (2026-03-11 shape), trashed ones included; undefined if unknown. */
  getPage(id: string): Json | undefined {
    const rec = this.rec(id);
    return rec?.kind === "page" ? this.serializer().page(rec) : undefined;
  }

  /** A block (or page/database as its child_page/child_database block), as GET /v1/blocks returns it. */
  getBlock(id: string): Json | undefined {
    const rec = this.rec(id);
    return rec && rec.kind !== "data_source" ? this.serializer().block(rec) : undefined;
  }

  getDatabase(id: string): Json | undefined {
    const rec = this.rec(id);
    return rec?.kind === "database" ? this.serializer().database(rec) : undefined;
  }

  getDataSource(id: string): Json | undefined {
    const rec = this.rec(id);
    return rec?.kind === "data_source" ? this.serializer().dataSource(rec) : undefined;
  }

  /** Lifetime blocks created in the workspace (seeded content included) and the limit. */
  blockUsage(): { used: number; limit: number | null } {
    return { used: this.store.blocksCreated, limit: this.settings.blockLimit };
  }

  /** Every request received so far, oldest first. */
  requestLog(): RequestLogEntry[] {
    return this.log.all();
  }

  clearRequestLog(): void {
    this.log.clear();
  }

  // ------------------------------------------------------------ WorkspaceView

  getObject(id: string): { object: "page" | "database"; id: string } | undefined {
    return this.workspaceView.getObject(id);
  }

  titleOf(id: string): string {
    return this.workspaceView.titleOf(id);
  }

  blockTree(pageId: string): ViewBlock[] {
    return this.workspaceView.blockTree(pageId);
  }

  rows(databaseId: string): ViewRow[] {
    return this.workspaceView.rows(databaseId);
  }

  version(): number {
    return this.workspaceView.version();
  }

  onChange(listener: () => void): () => void {
    return this.workspaceView.onChange(listener);
  }

  // ------------------------------------------------------------ settings at run time

  /** Per-token rate limit on (a model, or bucket options merged over Notion's classic defaults) or off; budgets start full. */
  setRateLimit(options: Partial<RateLimitOptions> | RateLimitModel | false): void {
    this.limiter.configure(rateOptions(options));
  }

  get rateLimit(): RateLimitOptions | RateLimitModel | false {
    return this.limiter.settings;
  }

  /** The workspace-wide limit shared by every token, or false for none; budgets start full. */
  setWorkspaceRateLimit(options: RateLimitModel | false): void {
    this.limiter.configureWorkspace(options);
  }

  /** Random faults for a share of requests, or null to stop them (scripted faults stay). */
  setFaults(options: RandomFaultOptions | null): void {
    this.faults.configure(options);
  }

  /** One-shot fault for the next request(s) matching method/path. */
  injectFault(fault: ScriptedFault): void {
    this.faults.inject(fault);
  }

  /** Sets the lifetime block limit (null: none); `used` overrides the count so far, e.g. to start near the limit. */
  setBlockLimit(limit: number | null, options: { used?: number } = {}): void {
    this.settings.blockLimit = limit === null ? null : checkCount(limit, "blockLimit", 0);
    if (options.used !== undefined) this.store.blocksCreated = checkCount(options.used, "used", 0);
  }

  setQueryResultCap(cap: number): void {
    this.settings.queryResultCap = checkCount(cap, "queryResultCap", 1);
  }

  setMaxNestingDepth(depth: number): void {
    this.settings.maxNestingDepth = checkCount(depth, "maxNestingDepth", 0);
  }

  private rec(id: string) {
    const normal = normalizeId(id);
    return normal === undefined ? undefined : this.store.get(normal);
  }

  private serializer(version: ApiVersion = "2026-03-11"): Serializer {
    return new Serializer(this.store, version);
  }
}

function rateOptions(options: Partial<RateLimitOptions> | RateLimitModel | false | undefined): RateLimitOptions | RateLimitModel | false {
  if (options === false) return false;
  if (options && "kind" in options) return options;
  return { ...NOTION_RATE_LIMIT, ...options };
}

function checkCount(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}
