import browser, { type Runtime } from "webextension-polyfill";
import { InkwellError, type NotionAccess } from "../../core/errors";
import { parseNotionUrl } from "../../core/notion-url";
import { createNotionClient } from "../../notion/client";
import { inspectDatabase, queryTickedRows } from "../../notion/databases";
import { resolveTarget } from "../../notion/targets";
import { TAKEOVER_MESSAGE } from "../../shared/protocol/names";
import type { ContentConnection } from "../../shared/protocol/types";
import type { Connection } from "../../shared/storage/schema";
import { defaultGenerationOptions } from "../../shared/storage/schema";
import type { RecordStore } from "../connections/records";
import type { ContentHandlers } from "./router";
import type { RunManager } from "../runs/run-manager";
import { summarizeRun } from "../runs/run-summary";
import type { SettingsService } from "../settings/settings";

/** The panel keeps what the user typed and reloads the connection, so "Generate again" now means "use mine". */
export const PANEL_CONFLICT_MESSAGE =
  "This prompt was changed in another window since this panel opened, so nothing was saved or generated. Generate again to use the prompt shown here, or close and reopen the panel to see the saved one.";

export interface ContentDeps {
  records: RecordStore;
  runs: RunManager;
  settings: SettingsService;
  /** Who the token acts as (integration or person), for advice when Notion can't find something. */
  notionAccess: (token: string) => Promise<NotionAccess | undefined>;
}

/**
 * Requests from the content script in a Notion tab. The page next door is
 * untrusted, so each request is limited to the connection of the page the tab
 * shows (checked against the sender's own URL, not only the payload), and
 * answers carry no secret and no setting beyond the prompt.
 */
export function createContentHandlers({ records, runs, settings, notionAccess }: ContentDeps): ContentHandlers {
  const connectionFor = async (url: string): Promise<Connection | undefined> => {
    const parsed = parseNotionUrl(url);
    if (!parsed.ok) return undefined;
    const connections = await records.listConnections();
    return connections.find((connection) => connection.targetId === parsed.target.id);
  };

  /** The URL in a request must be the tab's own: a page can't act on another page's connection. */
  const checkSenderUrl = (url: string, sender: Runtime.MessageSender) => {
    const own = parseNotionUrl(pageUrlOf(sender));
    const asked = parseNotionUrl(url);
    if (!own.ok || !asked.ok || own.target.id !== asked.target.id) throw new InkwellError("invalid_input", "That request doesn't match the page on screen.");
  };

  const toContentConnection = async (connection: Connection, withCount: boolean): Promise<ContentConnection> => {
    let tickedCount: number | null = null;
    if (withCount && connection.database) {
      const client = createNotionClient(await settings.requireNotionToken(), { priority: "interactive" });
      tickedCount = (await queryTickedRows(client, connection.database.dataSourceId, connection.database.selectionProperty, 100)).rows.length;
    }
    return {
      id: connection.id,
      name: connection.name,
      kind: connection.kind,
      prompt: connection.prompt,
      updatedAt: connection.updatedAt,
      tickedCount,
      selectionProperty: connection.database?.selectionProperty ?? null,
    };
  };

  return {
    "content.status": async ({ url }, sender) => {
      const parsed = parseNotionUrl(url);
      const configured = await settings.isConfigured();
      if (!parsed.ok) return { targetId: null, configured, connection: null, lastRun: null };
      checkSenderUrl(url, sender);
      const connection = await connectionFor(url);
      const lastRunId = connection?.runIds.at(-1);
      const lastRun = lastRunId ? await records.getRun(lastRunId) : undefined;
      return {
        targetId: parsed.ok ? parsed.target.id : null,
        configured,
        // Counting ticked rows costs one Notion call: only for a connected database, and only when configured.
        connection: connection ? await toContentConnection(connection, configured).catch(() => toContentConnection(connection, false)) : null,
        lastRun: lastRun ? summarizeRun(lastRun) : null,
      };
    },

    "content.connect": async ({ url, name, prompt }, sender) => {
      checkSenderUrl(url, sender);
      if (!prompt.trim()) throw new InkwellError("invalid_input", "Write a prompt first.");
      if (await connectionFor(url)) throw new InkwellError("invalid_input", "This page is already connected. Reload the page to see its connection.");
      const token = await settings.requireNotionToken();
      const client = createNotionClient(token, { priority: "interactive" });
      const access = await notionAccess(token);
      const base = { name, url, prompt, options: defaultGenerationOptions() };
      try {
        const target = await resolveTarget(client, url, "page", access);
        return toContentConnection(await records.saveConnection({ ...base, kind: "page" }, target), false);
      } catch (error) {
        if (!(error instanceof InkwellError) || error.code !== "invalid_input" || !/database/.test(error.message)) throw error;
      }
      const inspection = await inspectDatabase(client, url, { access });
      if (!inspection.selectionProperty) {
        throw new InkwellError("invalid_input", "This database has no checkbox to pick rows. Open Inkwell's popup → Create to add a “Generate” checkbox, or add one in Notion.");
      }
      const connection = await records.saveConnection(
        {
          ...base,
          kind: "database",
          database: {
            dataSourceId: inspection.dataSourceId,
            selectionProperty: inspection.selectionProperty,
            output: { type: "body" },
            ...(inspection.suggestedStatusProperty ? { statusProperty: inspection.suggestedStatusProperty } : {}),
          },
        },
        { id: inspection.databaseId, title: inspection.title },
      );
      return toContentConnection(connection, true);
    },

    "content.generate": async ({ url, connectionId, prompt, baseUpdatedAt }, sender) => {
      checkSenderUrl(url, sender);
      const connection = await connectionFor(url);
      if (!connection || connection.id !== connectionId) throw new InkwellError("invalid_input", "That connection doesn't belong to the page on screen.");
      if (prompt !== connection.prompt) {
        // Everything but the prompt is carried over as stored (including an engine override). The base is the
        // updatedAt the panel showed, not the one just read: if the popup saved this connection since the panel
        // loaded it, the edit is refused rather than overwriting theirs. (Without a base, from an older content script, it saves.)
        await records.saveConnection(
          {
            id: connection.id,
            name: connection.name,
            kind: connection.kind,
            url: connection.url,
            prompt,
            options: connection.options,
            ...(connection.database ? { database: connection.database } : {}),
            ...(connection.placement ? { placement: connection.placement } : {}),
            ...(connection.context ? { context: connection.context } : {}),
            ...(connection.engine ? { engine: connection.engine } : {}),
            ...(connection.model ? { model: connection.model } : {}),
            baseUpdatedAt: baseUpdatedAt ?? connection.updatedAt,
          },
          { id: connection.targetId, title: connection.targetTitle },
        ).catch((error: unknown) => {
          if (error instanceof InkwellError && error.code === "edit_conflict") throw new InkwellError("edit_conflict", PANEL_CONFLICT_MESSAGE);
          throw error;
        });
      }
      return summarizeRun(await runs.start(connection.id));
    },

    "content.cancel": async ({ runId }, sender) => {
      const run = await records.getRun(runId);
      const connection = run ? await records.getConnection(run.connectionId) : undefined;
      const own = parseNotionUrl(pageUrlOf(sender));
      if (!connection || !own.ok || own.target.id !== connection.targetId) throw new InkwellError("invalid_input", "That run doesn't belong to the page on screen.");
      return { cancelled: runs.cancel(runId) };
    },

    "content.undo": async ({ url, runId }, sender) => {
      checkSenderUrl(url, sender);
      // The run's own connection, not the one the panel shows: after Duplicate both point at this page,
      // and the toast may show a run of the original while the panel shows the copy.
      const run = await records.getRun(runId);
      const connection = run ? await records.getConnection(run.connectionId) : undefined;
      const own = parseNotionUrl(url);
      if (!run || !connection || !own.ok || connection.targetId !== own.target.id) throw new InkwellError("invalid_input", "That run doesn't belong to the page on screen.");
      return await runs.undo(runId);
    },

    "content.takeover": async ({ copy }, sender) => {
      // Every copy of the script in the sender's frame hears it; all but the newest (`copy`) stop.
      if (sender.tab?.id === undefined) return { told: false };
      await browser.tabs.sendMessage(sender.tab.id, { type: TAKEOVER_MESSAGE, copy }, { frameId: sender.frameId ?? 0 }).catch(() => undefined);
      return { told: true };
    },

    "content.open": async ({ what, connectionId }) => {
      const hash = what === "connection" && connectionId ? `#connection=${encodeURIComponent(connectionId)}` : "#settings";
      await browser.tabs.create({ url: browser.runtime.getURL(`options.html${hash}`) });
      return { opened: true };
    },
  };
}

/**
 * The URL the tab shows now. Chrome's `sender.url` keeps the URL the document
 * was loaded with and doesn't follow Notion's pushState navigation; the tab's
 * URL does. (The content script runs in the top frame only.)
 */
function pageUrlOf(sender: Runtime.MessageSender): string {
  return sender.tab?.url ?? sender.url ?? "";
}
