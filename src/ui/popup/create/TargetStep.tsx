import { useState } from "preact/hooks";
import type { TargetKind } from "../../../shared/storage/schema";
import { errorMessage, request } from "../../messaging";
import { applyInspection } from "./databaseDraft";
import type { CreateDraft } from "./draft";
import type { DraftPatch } from "./useDraft";

export const EMPTY_URL_MESSAGE = "Paste the link of a Notion page (••• → Copy link).";
export const EMPTY_DATABASE_URL_MESSAGE = "Paste the link of a Notion database (••• → Copy link).";

interface TargetStepProps {
  draft: CreateDraft;
  update: (patch: DraftPatch, now?: boolean) => void;
}

/**
 * Step 1: which Notion page or database to write into. Next checks it with the
 * worker: target.resolve for a page, database.inspect for a database (whose
 * schema and rows the setup in step 2 is built from).
 */
export function TargetStep({ draft, update }: TargetStepProps) {
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState("");

  const next = async () => {
    const url = draft.url.trim();
    if (!url) {
      setError(draft.kind === "database" ? EMPTY_DATABASE_URL_MESSAGE : EMPTY_URL_MESSAGE);
      return;
    }
    setChecking(true);
    setError("");
    try {
      if (draft.kind === "database") {
        const inspection = await request("database.inspect", { url });
        const target = { kind: "database" as const, id: inspection.databaseId, title: inspection.title, url: inspection.url };
        update(
          (current) => ({
            target,
            database: applyInspection(current.database, inspection),
            name: current.name.trim() ? current.name : target.title,
            step: "prompt",
          }),
          true,
        );
        return;
      }
      const target = await request("target.resolve", { url, kind: draft.kind });
      update((current) => ({ target, name: current.name.trim() ? current.name : target.title, step: "prompt" }), true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setChecking(false);
    }
  };

  // A different link or type needs resolving again.
  const edit = (patch: Partial<CreateDraft>) => {
    setError("");
    update({ ...patch, target: undefined });
  };

  return (
    <form
      class="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!checking) void next();
      }}
    >
      <div class="field">
        <label for="create-name">Name</label>
        <input id="create-name" value={draft.name} placeholder={`Defaults to the ${draft.kind === "database" ? "database" : "page"}'s title`} autocomplete="off" onInput={(event) => update({ name: event.currentTarget.value })} />
      </div>
      <div class="field">
        <label for="create-kind">Type</label>
        <select id="create-kind" value={draft.kind} onChange={(event) => edit({ kind: event.currentTarget.value as TargetKind })}>
          <option value="page">Notion page</option>
          <option value="database">Notion database</option>
        </select>
      </div>
      <div class="field">
        <label for="create-url">Notion URL</label>
        <input
          id="create-url"
          type="text"
          inputMode="url"
          value={draft.url}
          placeholder="https://www.notion.so/…"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "target-error" : undefined}
          onInput={(event) => edit({ url: event.currentTarget.value })}
        />
      </div>
      {error && (
        <p id="target-error" role="alert" class="error">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" id="target-next" disabled={checking}>
          Next
        </button>
        {checking && (
          <span class="muted" role="status">
            Checking the link…
          </span>
        )}
      </div>
    </form>
  );
}
