/**
 * The in-memory workspace: every page, block, database and data source in one
 * id-keyed map, plus integrations and what is shared with them. Records hold
 * Notion's model (a page is also a block of its parent; rows are pages whose
 * parent is a data source); the JSON the API returns is built from them by
 * serialize.ts. Everything is O(1) by id so the emulator stays fast under load.
 */
import type { RichTextItem } from "./rich-text";

export type Json = Record<string, unknown>;

export type ParentRef =
  | { type: "workspace" }
  | { type: "page_id"; id: string }
  | { type: "block_id"; id: string }
  | { type: "data_source_id"; id: string }
  | { type: "database_id"; id: string };

interface Base {
  id: string;
  createdTime: string;
  lastEditedTime: string;
  createdBy: string;
  lastEditedBy: string;
  /** Trashed by itself; `Store.isTrashed` also looks at ancestors. */
  inTrash: boolean;
}

export interface PageRec extends Base {
  kind: "page";
  parent: ParentRef;
  /** Property values by property id ("title" for a plain page's title). */
  values: Map<string, unknown>;
  icon: unknown;
  cover: unknown;
  /** Child block ids in order (blocks, child pages, child databases), trashed ones included. */
  children: string[];
}

export interface BlockRec extends Base {
  kind: "block";
  parent: ParentRef;
  type: string;
  /** The type payload without `children`, e.g. `{ rich_text: [...], color: "default" }`. */
  data: Json;
  children: string[];
}

export interface DatabaseRec extends Base {
  kind: "database";
  parent: ParentRef;
  title: RichTextItem[];
  description: RichTextItem[];
  isInline: boolean;
  icon: unknown;
  cover: unknown;
  dataSources: string[];
}

export interface PropertyDef {
  id: string;
  name: string;
  type: string;
  /** The type's configuration as returned, e.g. `{ options: [...] }` for select. */
  config: Json;
  description: string | null;
}

export interface DataSourceRec extends Base {
  kind: "data_source";
  databaseId: string;
  title: RichTextItem[];
  description: RichTextItem[];
  /** Properties in column order. */
  schema: PropertyDef[];
  /** Row page ids, oldest first, trashed ones included. */
  rows: string[];
  nextUniqueId: number;
}

export type Rec = PageRec | BlockRec | DatabaseRec | DataSourceRec;

/**
 * A token the API accepts: an internal integration's secret (acts as its bot
 * user, sees what was shared with the integration) or a personal access token
 * (acts as the person who created it, sees exactly what that person can open).
 */
export interface Integration {
  token: string;
  kind: "bot" | "person";
  /** The user the token acts as: the bot user, or the token's person. */
  id: string;
  name: string;
  workspaceName: string;
  /**
   * What this token may see (an entry covers its descendants): the objects shared with
   * the integration, or, for a personal access token, the person's own access set
   * (the same Set, so every token of that person sees a page once the person can).
   */
  shared: Set<string>;
}

export interface UserRec {
  id: string;
  name: string;
  email: string;
}

/** A workspace member, with the pages and databases they can open (an entry covers its descendants). */
export interface PersonRec extends UserRec {
  access: Set<string>;
}

type Listener = () => void;

export class Store {
  readonly objects = new Map<string, Rec>();
  readonly integrations = new Map<string, Integration>();
  /** Workspace members by user id (the owner first). */
  readonly people = new Map<string, PersonRec>();
  /** Lifetime count of blocks created in this workspace (pages count too, as in Notion); deleting never lowers it. */
  blocksCreated = 0;
  private changeVersion = 0;
  private batchDepth = 0;
  private pendingChange = false;
  private readonly listeners = new Set<Listener>();

  constructor(
    readonly owner: UserRec,
    readonly clock: () => number,
  ) {
    this.people.set(owner.id, { ...owner, access: new Set() });
  }

  /** Notion reports created/edited times rounded down to the minute. */
  nowIso(): string {
    const ms = this.clock();
    return new Date(ms - (ms % 60_000)).toISOString();
  }

  get(id: string): Rec | undefined {
    return this.objects.get(id);
  }

  add(rec: Rec): void {
    this.objects.set(rec.id, rec);
  }

  /** The id of the object that contains `rec` (page, block, data source or database), if any. */
  containerOf(rec: Rec): string | undefined {
    if (rec.kind === "data_source") return rec.databaseId;
    return rec.parent.type === "workspace" ? undefined : rec.parent.id;
  }

  /** Trashed itself or under a trashed ancestor: Notion reports both as in_trash. */
  isTrashed(id: string): boolean {
    for (let rec = this.objects.get(id); rec; ) {
      if (rec.inTrash) return true;
      const up = this.containerOf(rec);
      rec = up === undefined ? undefined : this.objects.get(up);
    }
    return false;
  }

  /** Whether `integration` may see `id`: it or one of its ancestors was shared with it (or, for a personal token, its person can open it). */
  canSee(integration: Integration, id: string): boolean {
    for (let rec = this.objects.get(id); rec; ) {
      if (integration.shared.has(rec.id)) return true;
      const up = this.containerOf(rec);
      rec = up === undefined ? undefined : this.objects.get(up);
    }
    return false;
  }

  /** The child list of a page or block (where blocks, child pages and child databases live). */
  childList(id: string): string[] | undefined {
    const rec = this.objects.get(id);
    return rec && (rec.kind === "page" || rec.kind === "block") ? rec.children : undefined;
  }

  /** Live (not trashed) children of a page or block, in order. */
  liveChildren(id: string): string[] {
    const list = this.childList(id) ?? [];
    return list.filter((child) => !this.objects.get(child)?.inTrash);
  }

  /** Runs `fn` as one write: listeners hear about it once, after the outermost batch ends. */
  write<T>(fn: () => T): T {
    this.batchDepth++;
    try {
      const result = fn();
      this.pendingChange = true;
      return result;
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0 && this.pendingChange) {
        this.pendingChange = false;
        this.changeVersion++;
        for (const listener of [...this.listeners]) {
          try {
            listener();
          } catch (error) {
            console.error("notion emulator: onChange listener failed", error);
          }
        }
      }
    }
  }

  version(): number {
    return this.changeVersion;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
