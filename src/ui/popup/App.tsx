import { useEffect, useRef, useState } from "preact/hooks";
import type { SettingsView } from "../../shared/protocol";
import { request } from "../messaging";
import { CreateTab } from "./create/CreateTab";
import { isConfigured, SettingsTab } from "./SettingsTab";

const TABS = ["Create", "Settings"] as const;
type Tab = (typeof TABS)[number];

type Loaded = { state: "loading" } | { state: "ready"; view: SettingsView } | { state: "failed" };

/**
 * The popup: Create and Settings tabs. A tab, once shown, stays mounted (only
 * hidden), so nothing typed in it is lost when switching tabs. The first tab is
 * Create when Inkwell is configured, Settings otherwise.
 */
export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ state: "loading" });
  const [tab, setTab] = useState<Tab | null>(null);
  const [visited, setVisited] = useState<ReadonlySet<Tab>>(new Set());
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});

  useEffect(() => {
    if (tab) setVisited((seen) => (seen.has(tab) ? seen : new Set([...seen, tab])));
  }, [tab]);

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

  const onTabKey = (event: KeyboardEvent, index: number) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TABS[(index + step + TABS.length) % TABS.length]!;
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  const view = loaded.state === "ready" ? loaded.view : undefined;
  const panel = (name: Tab) => {
    if (loaded.state === "loading") return <p class="muted">Loading…</p>;
    if (name === "Settings") {
      return <SettingsTab initialView={view} onSaved={(saved) => setLoaded({ state: "ready", view: saved })} />;
    }
    return <CreateTab configured={view ? isConfigured(view) : true} onOpenSettings={() => setTab("Settings")} />;
  };

  return (
    <div class="popup">
      <header class="brand">
        <img src="icons/icon-32.png" alt="" width={20} height={20} />
        <h1>Inkwell</h1>
      </header>
      <nav role="tablist" aria-label="Inkwell">
        {TABS.map((name, index) => (
          <button
            key={name}
            ref={(element) => {
              tabRefs.current[name] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${name.toLowerCase()}`}
            aria-controls={`panel-${name.toLowerCase()}`}
            aria-selected={tab === name}
            tabIndex={tab === name || (tab === null && index === 0) ? 0 : -1}
            onClick={() => setTab(name)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {name}
          </button>
        ))}
      </nav>
      <main>
        {tab === null && <p class="muted">Loading…</p>}
        {TABS.map((name) => (
          <div key={name} role="tabpanel" id={`panel-${name.toLowerCase()}`} aria-labelledby={`tab-${name.toLowerCase()}`} hidden={tab !== name}>
            {(tab === name || visited.has(name)) && panel(name)}
          </div>
        ))}
      </main>
    </div>
  );
}
