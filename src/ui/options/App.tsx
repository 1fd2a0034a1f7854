import { useEffect, useMemo, useState } from "preact/hooks";
import browser from "webextension-polyfill";
import type { Connection } from "../../shared/storage/schema";
import { ConfirmProvider, useConfirm } from "../components/ConfirmDialog";
import { Tabs } from "../components/Tabs";
import { ConnectionDetails } from "../connections/ConnectionDetails";
import { useConnections } from "../connections/useConnections";
import { FeedbackTab } from "../feedback/FeedbackTab";
import { NavigationContext, type Navigation } from "../navigation";
import { DRAFT_KEY } from "../popup/create/draft";
import { draftFromConnection, replaceQuestion } from "../popup/create/loadConnection";
import { readStoredDraft } from "../popup/create/useDraft";
import { SettingsTab } from "../popup/SettingsTab";
import { UsageTab } from "../usage/UsageTab";
import { ConnectionsTable } from "./ConnectionsTable";

const TABS = ["Connections", "Usage", "Settings", "Feedback"] as const;
type Tab = (typeof TABS)[number];

export interface Route {
  tab: Tab;
  /** A connection whose details are open. */
  connectionId: string | null;
}

/** Reads the page's hash: #connection=<id> (the in-Notion "Open connection"), #settings, #usage, #feedback, else Connections. */
export function parseRoute(hash: string): Route {
  const value = hash.replace(/^#/, "");
  const connection = /^connection=(.+)$/.exec(value);
  if (connection) return { tab: "Connections", connectionId: decodeURIComponent(connection[1]!) };
  const tab = TABS.find((name) => name.toLowerCase() === value.toLowerCase());
  return { tab: tab ?? "Connections", connectionId: null };
}

export const routeHash = (route: Route): string =>
  route.connectionId ? `#connection=${encodeURIComponent(route.connectionId)}` : `#${route.tab.toLowerCase()}`;

/**
 * The options page: a full tab for managing Inkwell at scale. The same
 * sections as the popup (Create stays in the popup): Connections as a table,
 * Usage, Settings, Feedback. The URL hash names the section (and a
 * connection), so links and the back button work.
 */
export function OptionsApp() {
  // The same in-page questions as the popup, for one look across both pages.
  return (
    <ConfirmProvider>
      <Options />
    </ConfirmProvider>
  );
}

function Options() {
  const ask = useConfirm();
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [notice, setNotice] = useState("");
  const [budgetFocus, setBudgetFocus] = useState(0);

  const go = (next: Route) => {
    setRoute(next);
    const hash = routeHash(next);
    if (location.hash !== hash) history.pushState(null, "", hash);
  };

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onHash);
    addEventListener("popstate", onHash);
    return () => {
      removeEventListener("hashchange", onHash);
      removeEventListener("popstate", onHash);
    };
  }, []);

  const navigation = useMemo<Navigation>(
    () => ({
      openBudget: () => {
        go({ tab: "Usage", connectionId: null });
        setBudgetFocus((count) => count + 1);
      },
      openSettings: () => go({ tab: "Settings", connectionId: null }),
      openConnection: (id) => go({ tab: "Connections", connectionId: id }),
      // Create lives in the popup: the connection is put into its stored draft, which the popup opens on.
      editConnection: async (connection: Connection) => {
        const question = replaceQuestion(await readStoredDraft(), connection);
        if (question && !(await ask(question, { confirmLabel: "Replace", title: "Replace the draft?" }))) return false;
        await browser.storage.local.set({ [DRAFT_KEY]: JSON.parse(JSON.stringify(draftFromConnection(connection))) as unknown });
        setNotice(`“${connection.name}” is ready in Create: open Inkwell from the browser toolbar to edit it and generate.`);
        return true;
      },
    }),
    [ask],
  );

  const panel = (name: Tab) => {
    switch (name) {
      case "Connections":
        return <ConnectionsSection detailsId={route.connectionId} onDetails={(id) => go({ tab: "Connections", connectionId: id })} />;
      case "Usage":
        return <UsageTab focusBudget={budgetFocus} />;
      case "Settings":
        return <SettingsTab />;
      case "Feedback":
        return <FeedbackTab />;
    }
  };

  return (
    <NavigationContext.Provider value={navigation}>
      <div class="options">
        <header class="brand">
          <img src="icons/icon-32.png" alt="" width={24} height={24} />
          <h1>Inkwell</h1>
        </header>
        {notice && (
          <p id="options-notice" class="notice" role="status">
            {notice}{" "}
            <button type="button" class="link" onClick={() => setNotice("")}>
              OK
            </button>
          </p>
        )}
        <Tabs tabs={TABS} selected={route.tab} onSelect={(tab) => go({ tab, connectionId: null })} panel={panel} label="Inkwell options" />
      </div>
    </NavigationContext.Provider>
  );
}

function ConnectionsSection({ detailsId, onDetails }: { detailsId: string | null; onDetails: (id: string | null) => void }) {
  const connections = useConnections();
  return (
    <>
      <div hidden={detailsId !== null}>
        <ConnectionsTable connections={connections} onDetails={onDetails} />
      </div>
      {detailsId !== null && <ConnectionDetails key={detailsId} id={detailsId} onBack={() => onDetails(null)} />}
    </>
  );
}
