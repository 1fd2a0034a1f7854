import { useState } from "preact/hooks";
import { SettingsTab } from "./SettingsTab";

const TABS = ["Settings"] as const;
type Tab = (typeof TABS)[number];

export function App() {
  const [tab, setTab] = useState<Tab>("Settings");
  return (
    <div class="popup">
      <header class="brand">
        <img src="icons/icon-32.png" alt="" width={20} height={20} />
        <h1>Inkwell</h1>
      </header>
      <nav role="tablist">
        {TABS.map((name) => (
          <button key={name} role="tab" aria-selected={tab === name} onClick={() => setTab(name)}>
            {name}
          </button>
        ))}
      </nav>
      <main>{tab === "Settings" && <SettingsTab />}</main>
    </div>
  );
}
