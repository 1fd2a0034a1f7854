import { APIResponseError, type Client } from "@notionhq/client";
import { InkwellError, notFoundAdvice, type NotionAccess } from "../core/errors";
import { describeUrlProblem, parseNotionUrl } from "../core/notion-url";
import type { ResolvedTarget } from "../shared/protocol/types";
import type { TargetKind } from "../shared/storage/schema";
import { fromNotionError } from "./errors";
import { databaseTitle, pageTitle } from "./titles";

/**
 * Resolves a pasted URL to the page or database it names, checking that the
 * token can see it and that it is the kind the user chose. Each failure says
 * exactly what to do, for the kind of token in use (`access`; undefined when Notion
 * couldn't say which kind it is).
 */
export async function resolveTarget(client: Client, url: string, kind: TargetKind, access: NotionAccess | undefined): Promise<ResolvedTarget> {
  if (!url.trim()) throw new InkwellError("invalid_input", "Paste the link of a Notion page or database (in Notion: ••• → Copy link).");
  const parsed = parseNotionUrl(url);
  if (!parsed.ok) throw new InkwellError("invalid_input", describeUrlProblem(parsed.reason));
  const { id } = parsed.target;

  const asPage = await attempt(() => client.pages.retrieve({ page_id: id }));
  const asDatabase = asPage.ok ? undefined : await attempt(() => client.databases.retrieve({ database_id: id }));

  if (asPage.ok) {
    const page = asPage.value as { url?: string; in_trash?: boolean; archived?: boolean; properties?: Record<string, { type?: string }> };
    if (page.in_trash || page.archived) throw inTrash("page", pageTitle(page));
    if (kind === "database") {
      throw new InkwellError("invalid_input", `That link is a page (“${pageTitle(page)}”), not a database. Choose “Notion page” as the type, or paste the database's own link.`);
    }
    return { kind: "page", id, title: pageTitle(page), url: page.url ?? url };
  }
  if (asDatabase?.ok) {
    const database = asDatabase.value as { url?: string; in_trash?: boolean; archived?: boolean; title?: { plain_text?: string }[] };
    if (database.in_trash || database.archived) throw inTrash("database", databaseTitle(database));
    if (kind === "page") {
      throw new InkwellError("invalid_input", `That link is a database (“${databaseTitle(database)}”). Choose “Notion database” as the type to fill its rows.`);
    }
    return { kind: "database", id, title: databaseTitle(database), url: database.url ?? url };
  }

  const failure = asDatabase?.error ?? asPage.error;
  if (isNotFound(asPage.error) && (!asDatabase || isNotFound(asDatabase.error))) {
    const what = kind === "page" ? "this page" : "this database";
    throw new InkwellError("notion_not_shared", notFoundAdvice(what, access));
  }
  throw fromNotionError(failure, kind === "page" ? "this page" : "this database", access ?? "unknown");
}

/**
 * Notion still returns a trashed page or database (and anything under one), but refuses every edit
 * ("Can't edit block that is archived"): say so before a run spends an AI call.
 */
function inTrash(kind: TargetKind, title: string): InkwellError {
  return new InkwellError(
    "notion_in_trash",
    `This ${kind} (“${title}”) is in Notion's trash, so Inkwell can't write to it. In Notion, open Trash in the sidebar, find “${title}” (or the page it is in) and choose Restore, then try again.`,
  );
}

type Attempt<T> = { ok: true; value: T; error?: undefined } | { ok: false; error: unknown };

async function attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** A page id that is really a database answers 400 validation_error to pages.retrieve; an unshared one answers 404. */
function isNotFound(error: unknown): boolean {
  return APIResponseError.isAPIResponseError(error) && (error.status === 404 || error.status === 400);
}
