import { useRef, useState } from "preact/hooks";
import type { Connection } from "../../../shared/storage/schema";
import { errorCode, errorMessage, request } from "../../messaging";
import { toConnectionDraft } from "./connectionDraft";
import { editableSnapshot, type CreateDraft } from "./draft";
import { draftFromConnection, replaceDraft } from "./loadConnection";
import type { DraftPatch } from "./useDraft";

export const EDIT_CONFLICT_MESSAGE =
  "This connection was changed elsewhere (another popup, the options page or Notion's panel) since you opened it. Reload it to see that version, or save yours over it.";
export const CONNECTION_DELETED_MESSAGE =
  "This connection was deleted in another window since you opened it. Save this form as a new connection, or restore the deleted one and save your changes into it. What you typed is kept either way.";

/** What to do with the connection once it is saved: start a run, start a dry run… */
export type AfterSave = (connection: Connection) => Promise<void>;

export interface GenerateFlow {
  busy: boolean;
  error: string;
  /** The error's code, which picks the way out offered next to it ("edit_conflict", "connection_deleted", a budget…). */
  errorKind: string;
  fail(message: string, code?: string): void;
  /** Saves the form (updating the connection this draft already saved), then does `then` with it. */
  saveThen(then: AfterSave): Promise<void>;
  /** After an edit conflict: shows the connection as it is saved now (the user's edits are replaced, at their request). */
  reload(): Promise<void>;
  /** After an edit conflict: saves this form over the other edit, then does what the refused save was for. */
  overwrite(): Promise<void>;
  /** After the connection was deleted elsewhere: saves everything typed as a new connection (the deleted one stays in the trash). */
  saveAsNew(): Promise<void>;
  /** After the connection was deleted elsewhere: brings it back from the trash, then saves this form into it. */
  restore(): Promise<void>;
}

/**
 * Save → start → conflict, as one flow: every button that runs the connection
 * saves the form first, and a save the worker refuses (edited or deleted
 * elsewhere) offers its ways out, which then finish what the refused save was for.
 */
export function useGenerate(draft: CreateDraft, update: (patch: DraftPatch, now?: boolean) => void): GenerateFlow {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [errorKind, setErrorKind] = useState("");
  /** What the last save was for, so a save retried after a conflict finishes the same thing. */
  const lastThen = useRef<AfterSave | null>(null);

  const fail = (message: string, code = "") => {
    setError(message);
    setErrorKind(code);
  };

  /** `retry`: the same form with a change the user chose after a refusal (save over another edit, save as new). */
  const save = async (then: AfterSave, retry?: Partial<CreateDraft>) => {
    lastThen.current = then;
    const built = toConnectionDraft({ ...draft, ...retry });
    if (!built.ok) {
      fail(built.message);
      return;
    }
    setBusy(true);
    fail("");
    try {
      const connection = await request("connection.save", { draft: built.draft });
      // Written at once: a second Generate must update this connection, even after the popup closed.
      // …and the form as saved: edits made after this are unsaved work again.
      update({ connectionId: connection.id, baseUpdatedAt: connection.updatedAt, savedSnapshot: editableSnapshot({ ...draft, ...retry }) }, true);
      await then(connection);
    } catch (failure) {
      const code = errorCode(failure);
      fail(code === "edit_conflict" ? EDIT_CONFLICT_MESSAGE : code === "connection_deleted" ? CONNECTION_DELETED_MESSAGE : errorMessage(failure), code);
    } finally {
      setBusy(false);
    }
  };

  /** Busy from the first await: a second click must not save (and start a run) twice. */
  const guarded = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (failure) {
      fail(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  const repeat = (retry?: Partial<CreateDraft>) => (lastThen.current ? save(lastThen.current, retry) : Promise.resolve());

  return {
    busy,
    error,
    errorKind,
    fail,
    saveThen: (then) => save(then),
    reload: () =>
      guarded(async () => {
        if (!draft.connectionId) return;
        const { connection } = await request("connection.get", { id: draft.connectionId });
        update(() => replaceDraft(draftFromConnection(connection)), true);
        fail("");
      }),
    overwrite: () =>
      guarded(async () => {
        if (!draft.connectionId) return;
        const { connection } = await request("connection.get", { id: draft.connectionId });
        await repeat({ baseUpdatedAt: connection.updatedAt });
      }),
    saveAsNew: async () => {
      const detached = { connectionId: undefined, baseUpdatedAt: undefined, savedSnapshot: undefined };
      update(detached, true);
      await repeat(detached);
    },
    restore: () =>
      guarded(async () => {
        if (!draft.connectionId) return;
        await request("connection.restore", { ids: [draft.connectionId] });
        // Restoring doesn't change the connection, so the form's base still holds (unless it was edited before the delete: then the conflict shows).
        await repeat();
      }),
  };
}
