/** The Notion web hostnames the content script runs on (kept in sync with manifest.json's matches by a unit test). */
export const NOTION_WEB_HOSTS = ["www.notion.so", "notion.so", "app.notion.com"] as const;

export function isNotionWebUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" && (NOTION_WEB_HOSTS as readonly string[]).includes(parsed.hostname);
  } catch {
    return false;
  }
}
