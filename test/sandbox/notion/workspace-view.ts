/**
 * The read-only view of the emulated Notion workspace that the fake Notion web
 * app (test/sandbox/web) renders. The Notion emulator implements it; the web app
 * depends only on this file, so the two can evolve separately.
 *
 * Shapes are Notion API objects as the emulator would return them (pages, blocks,
 * databases, data sources), typed loosely here on purpose: the web app only reads
 * a handful of fields.
 */
export interface WorkspaceView {
  /** A page or a database by id (dashed or undashed), ignoring sharing; undefined when absent or in trash. */
  getObject(id: string): { object: "page" | "database"; id: string } | undefined;
  /** Plain-text title of a page or database. */
  titleOf(id: string): string;
  /** The page's child blocks in order, each with its own `children` (recursively) when it has any. */
  blockTree(pageId: string): ViewBlock[];
  /** The rows of a database (all its data sources), newest last, as Notion page objects. */
  rows(databaseId: string): ViewRow[];
  /** A monotonically increasing number that changes whenever anything is written. */
  version(): number;
  /** Calls back after every write; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}

export interface ViewBlock {
  id: string;
  type: string;
  /** The block's type-specific payload, e.g. block.paragraph = { rich_text: [...] }. */
  [type: string]: unknown;
  children?: ViewBlock[];
}

export interface ViewRow {
  id: string;
  /** Notion page properties object, as in the API. */
  properties: Record<string, { type: string; [key: string]: unknown }>;
}
