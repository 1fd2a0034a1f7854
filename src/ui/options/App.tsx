import { SettingsTab } from "../popup/SettingsTab";

/** The options page: a full tab for managing Inkwell. Connections at scale arrive with the connections issue. */
export function OptionsApp() {
  return (
    <div class="options">
      <header class="brand">
        <img src="icons/icon-32.png" alt="" width={24} height={24} />
        <h1>Inkwell settings</h1>
      </header>
      <SettingsTab />
    </div>
  );
}
