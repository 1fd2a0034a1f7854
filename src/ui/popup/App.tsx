import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { SettingsView } from "../../shared/protocol/types";
import type { Connection } from "../../shared/storage/schema";
import { ConfirmProvider, useConfirm } from "../components/ConfirmDialog";
import { Tabs } from "../components/Tabs";
import { FeedbackTab } from "../feedback/FeedbackTab";
import { request } from "../messaging";
import { NavigationContext, type Navigation } from "../navigation";
import { useStorageChanges } from "../storageSync";
import { UsageTab } from "../usage/UsageTab";
import { ConnectionsTab } from "./ConnectionsTab";
import { CreateTab } from "./create/CreateTab";
import { readStoredDraft } from "./create/useDraft";
import type { CreateDraft } from "./create/draft";
import { draftFromConnection, replaceQuestion } from "./create/loadConnection";
import { isConfigured, SettingsTab } from "./SettingsTab";

const TABS = ["Create", "Connections", "Usage", "Settings", "Feedback"] as const;
type Tab = (typeof TABS)[number];

type Loaded = { state: "loading" } | { state: "ready"; view: SettingsView } | { state: "failed" };

/**
 * The popup: Create, Connections, Usage, Settings and Feedback tabs (each
 * stays mounted once shown, see Tabs). The first tab is Create when Inkwell is
 * configured, Settings otherwise.
 */
export function App() {
  // Questions in the popup are asked in-page: a native confirm() can close a
  // Firefox toolbar popup. The provider wraps everything, navigation included.
  return (
    <ConfirmProvider>
      <Popup />
    </ConfirmProvider>
  );
}

function Popup() {
  const ask = useConfirm();
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [tab, setTab] = useState<Tab | null>(null);
  const [detailsId, setDetailsId] = useState<string | null>(null);
  const [budgetFocus, setBudgetFocus] = useState(0);
  const [loadRequest, setLoadRequest] = useState<{ id: number; draft: CreateDraft } | null>(null);
  const createDraft = useRef<CreateDraft | null>(null);
  const loads = useRef(0);

  // Keys or the engine saved in another window change whether Create can generate.
  useStorageChanges(["settings", "secretsChangedAt"], () => {
    request("settings.get", {}).then((view) => setLoaded({ state: "ready", view }), () => undefined);
  });

  useEffect(() => {
    request("settings.get", {}).then(
      (view) => {
        setLoaded({ state: "ready", view });
        // A tab the user clicked while loading wins.
        setTab((current) => current ?? (isConfigured(view) ? "Create" : "Settings"));
      },
      () => {
        // Settings shows the error (it retries the read on its own).
        setLoaded({ state: "failed" });
        setTab((current) => current ?? "Settings");
      },
    );
  }, []);

  const navigation = useMemo<Navigation>(
    () => ({
      openBudget: () => {
        setTab("Usage");
        setBudgetFocus((count) => count + 1);
      },
      openSettings: () => setTab("Settings"),
      openConnection: (id) => {
        setDetailsId(id);
        setTab("Connections");
      },
      editConnection: async (connection: Connection) => {
        // Before the Create tab was shown, its draft is the stored one.
        const current = createDraft.current ?? (await readStoredDraft());
        const question = replaceQuestion(current, connection);
        if (question && !(await ask(question, { confirmLabel: "Replace", title: "Replace the draft?" }))) return false;
        loads.current += 1;
        setLoadRequest({ id: loads.current, draft: draftFromConnection(connection) });
        setTab("Create");
        return true;
      },
    }),
    [ask],
  );

  const view = loaded.state === "ready" ? loaded.view : undefined;
  const panel = (name: Tab) => {
    if (loaded.state === "loading") return <p class="muted">Loading…</p>;
    switch (name) {
      case "Settings":
        return <SettingsTab initialView={view} onSaved={(saved) => setLoaded({ state: "ready", view: saved })} />;
      case "Connections":
        return <ConnectionsTab detailsId={detailsId} onDetails={setDetailsId} onCreate={() => setTab("Create")} />;
      case "Usage":
        return <UsageTab focusBudget={budgetFocus} />;
      case "Feedback":
        return <FeedbackTab />;
      case "Create":
        return (
          <CreateTab
            configured={view ? isConfigured(view) : true}
            onOpenSettings={() => setTab("Settings")}
            loadRequest={loadRequest}
            onLoaded={(id) => setLoadRequest((current) => (current?.id === id ? null : current))}
            draftRef={createDraft}
          />
        );
    }
  };

  return (
    <NavigationContext.Provider value={navigation}>
      <div class="popup">
        <header class="brand">
          <img src="icons/icon-32.png" alt="" width={20} height={20} />
          <h1>Inkwell</h1>
        </header>
        <Tabs tabs={TABS} selected={tab} onSelect={setTab} panel={panel} label="Inkwell" />
      </div>
    </NavigationContext.Provider>
  );
}
