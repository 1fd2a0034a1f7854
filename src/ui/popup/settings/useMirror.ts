/** The state and actions of the connections database settings: its status, and create, connect, add columns, sync and import. */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { ImportReport, MirrorSetup, MirrorStatus } from "../../../shared/protocol/types";
import { errorMessage, request } from "../../messaging";
import { useStorageChanges } from "../../storageSync";

export type Busy = "" | "create" | "connect" | "add" | "sync" | "import";
export type Result = { text: string; link?: string; error?: boolean };
export type MissingColumns = { url: string; columns: string[] };

export function useMirror() {
  const [status, setStatus] = useState<MirrorStatus | null>(null);
  const [statusError, setStatusError] = useState("");
  const [busy, setBusy] = useState<Busy>("");
  const [parentUrl, setParentUrl] = useState("");
  const [existingUrl, setExistingUrl] = useState("");
  const [missing, setMissing] = useState<MissingColumns | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);

  const refresh = useCallback(async () => {
    try {
      setStatus(await request("mirror.status", {}));
      setStatusError("");
    } catch (failure) {
      setStatusError(errorMessage(failure));
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useStorageChanges(["mirror", "settings"], () => void refresh());

  const act = async (what: Busy, work: () => Promise<void>) => {
    setBusy(what);
    setResult(null);
    try {
      await work();
    } catch (failure) {
      setResult({ text: errorMessage(failure), error: true });
    } finally {
      setBusy("");
    }
  };

  const done = (setup: MirrorSetup, text: string) => {
    setResult({ text, link: setup.databaseUrl });
    void refresh();
  };

  const create = () =>
    act("create", async () => {
      const url = parentUrl.trim();
      if (!url) throw new Error("Paste the link of a Notion page your token can see (••• → Copy link).");
      const setup = await request("mirror.create", { parentUrl: url });
      setParentUrl("");
      setMissing(null);
      done(setup, "Created your connections database. Every connection is mirrored there from now on.");
    });

  const connect = () =>
    act("connect", async () => {
      const url = existingUrl.trim();
      if (!url) throw new Error("Paste the link of a Notion database your token can see (••• → Copy link).");
      const setup = await request("mirror.connect", { url, addMissing: false });
      if (setup.missingColumns.length > 0) {
        // Changing the user's database needs their consent first.
        setMissing({ url, columns: setup.missingColumns });
        return;
      }
      setMissing(null);
      done(setup, "Connected. Every connection is mirrored to this database from now on.");
    });

  const addColumns = () =>
    act("add", async () => {
      if (!missing) return;
      const setup = await request("mirror.connect", { url: missing.url, addMissing: true });
      setMissing(setup.missingColumns.length > 0 ? { url: missing.url, columns: setup.missingColumns } : null);
      if (setup.missingColumns.length === 0) done(setup, "Columns added. Every connection is mirrored to this database from now on.");
    });

  const sync = () =>
    act("sync", async () => {
      setStatus(await request("mirror.retry", {}));
    });

  const importFromNotion = () =>
    act("import", async () => {
      setReport(null);
      setReport(await request("mirror.import", {}));
    });

  return {
    status,
    statusError,
    busy,
    parentUrl,
    setParentUrl,
    existingUrl,
    setExistingUrl,
    missing,
    setMissing,
    result,
    report,
    create,
    connect,
    addColumns,
    sync,
    importFromNotion,
  };
}

/** Everything the connections database settings show and do. */
export type Mirror = ReturnType<typeof useMirror>;
