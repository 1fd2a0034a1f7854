/**
 * The Generate button, in a closed-off shadow root so Notion's styles and ours
 * never leak into each other. The foundation places it as a small floating
 * button; top-bar placement comes with the in-Notion issue.
 */
const HOST_ID = "inkwell-root";

export function mountButton(label: string, title: string): HTMLElement {
  let host = document.getElementById(HOST_ID);
  if (!host) {
    host = document.createElement("div");
    host.id = HOST_ID;
    const root = host.attachShadow({ mode: "open" });
    root.innerHTML = `<style>
      button{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:500 14px/1 ui-sans-serif,-apple-system,"Segoe UI",Helvetica,sans-serif;
      padding:8px 12px;border-radius:6px;border:1px solid rgba(55,53,47,.16);background:#fff;color:#37352f;box-shadow:0 2px 8px rgba(15,15,15,.12);cursor:pointer}
      button:hover{background:#f1f1ef}</style><button type="button" part="button"></button>`;
    document.body.append(host);
  }
  const button = host.shadowRoot!.querySelector("button")!;
  button.textContent = label;
  button.title = title;
  return host;
}
