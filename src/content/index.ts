/**
 * Content script on Notion's web app. It holds no secret and no SDK: it asks
 * the worker what Inkwell can do for the URL on screen and shows the button.
 */
import { askWorker } from "./worker-channel";
import { mountButton } from "./button";

async function refresh(): Promise<void> {
  try {
    const status = await askWorker("content.status", { url: location.href });
    if (!status.targetId) return;
    mountButton("Generate", status.configured ? "Generate with Inkwell" : "Set up Inkwell first (open its popup → Settings)");
  } catch (error) {
    console.warn("[inkwell] content script could not reach the worker:", error instanceof Error ? error.message : error);
  }
}

void refresh();
