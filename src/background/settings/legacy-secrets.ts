import type { Storage } from "webextension-polyfill";
import type { ErrorLog } from "../operations/error-log";
import { moveSecretsToVault, type SecretVault } from "./secret-vault";
import type { SettingsService } from "./settings";

/** Keys that earlier builds (or a fresh install's defaults) left in storage.local go to the vault. */
export async function moveLegacySecrets(
  area: Storage.StorageArea,
  vault: SecretVault,
  settings: Pick<SettingsService, "markUnprotected">,
  errorLog: Pick<ErrorLog, "record">,
): Promise<void> {
  try {
    await moveSecretsToVault(area, vault);
  } catch (error) {
    // They stay where they were (nothing is lost); Settings and diagnostics say keys aren't protected.
    settings.markUnprotected(error);
    void errorLog.record({ code: "secrets_unprotected", message: error instanceof Error ? error.message : String(error), context: "secrets" });
  }
}
