/**
 * The admin-like frame: a page that embeds the app in an iframe the way
 * Shopify admin does and hosts what App Bridge shows outside the iframe (the
 * app's navigation, toasts, the contextual save bar). Dev-only.
 */
export interface FramePageInput {
  shopDomain: string;
  shopName: string;
  appSrc: string;
  locale: string;
  /** the language switch's target (default: the app's home in the other language) */
  switchHref?: string;
}

export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] as string);

/** The admin chrome's look (header, sidebar, toasts, save bar), shared with the admin's own pages (admin-pages.ts). */
export const CHROME_STYLE = `  * { box-sizing: border-box; }
  body { margin: 0; font: 13px/1.4 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; background: #f1f1f1; color: #303030; height: 100vh; display: grid; grid-template-rows: 48px 1fr; grid-template-columns: 240px 1fr; }
  header { grid-column: 1 / 3; background: #1a1a1a; color: #e3e3e3; display: flex; align-items: center; gap: 16px; padding: 0 16px; }
  header .brand { font-weight: 650; color: #fff; }
  header .note { color: #b5b5b5; font-size: 12px; }
  header .spacer { flex: 1; }
  header a { color: #e3e3e3; }
  nav { background: #ebebeb; padding: 12px 8px; overflow: auto; border-right: 1px solid #e0e0e0; }
  nav h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #616161; margin: 8px 8px; }
  nav .app { display: flex; align-items: center; gap: 8px; padding: 6px 8px; font-weight: 600; }
  nav .app img, nav .app span.logo { width: 20px; height: 20px; border-radius: 5px; background: #5c6ac4; display: inline-block; }
  nav a { display: block; padding: 6px 8px 6px 36px; border-radius: 8px; color: #303030; text-decoration: none; }
  nav a:hover { background: #e3e3e3; }
  nav a[aria-current="page"] { background: #fff; font-weight: 600; }
  nav a.admin-link { padding-left: 8px; font-weight: 600; margin-bottom: 8px; }
  main { position: relative; overflow: hidden; }
  iframe { border: 0; width: 100%; height: 100%; display: block; background: #f1f1f1; }
  #toasts { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); display: grid; gap: 8px; z-index: 10; }
  .toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 10px; box-shadow: 0 4px 12px rgba(0,0,0,.25); }
  .toast.error { background: #8e1f0b; }
  #save-bar { position: fixed; top: 0; left: 0; right: 0; height: 48px; background: #1a1a1a; color: #fff; display: none; align-items: center; gap: 12px; padding: 0 16px; z-index: 20; }
  #save-bar.visible { display: flex; }
  #save-bar .spacer { flex: 1; }
  #save-bar button { border-radius: 8px; border: 0; padding: 6px 12px; font: inherit; cursor: pointer; }
  #save-bar .save { background: #fff; color: #1a1a1a; font-weight: 600; }
  #save-bar .discard { background: #303030; color: #fff; }
`;

export function renderFramePage(input: FramePageInput): string {
  const otherLocale = input.locale === "fr" ? "en" : "fr";
  // The admin's own chrome speaks the admin's language, as Shopify's does.
  const words =
    input.locale === "fr"
      ? { note: `Réplique locale de l’admin Shopify · boutique ${input.shopDomain} émulée`, apps: "Applications", unsaved: "Modifications non enregistrées", discard: "Ignorer", save: "Enregistrer", products: "Produits" }
      : { note: `Local Shopify admin stand-in · store ${input.shopDomain} is emulated`, apps: "Apps", unsaved: "Unsaved changes", discard: "Discard", save: "Save", products: "Products" };
  return `<!doctype html>
<html lang="${escapeHtml(input.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(input.shopName)} · Plume (local admin)</title>
<style>
${CHROME_STYLE}</style>
</head>
<body>
<header>
  <span class="brand">${escapeHtml(input.shopName)}</span>
  <span class="note">${escapeHtml(words.note)}</span>
  <span class="spacer"></span>
  <a href="${escapeHtml(input.switchHref ?? `/?locale=${otherLocale}`)}" id="switch-locale">${otherLocale === "fr" ? "Français" : "English"}</a>
</header>
<nav aria-label="Admin">
  <a class="admin-link" id="admin-products" href="/admin/products?locale=${escapeHtml(input.locale)}">${escapeHtml(words.products)}</a>
  <h2>${escapeHtml(words.apps)}</h2>
  <div class="app"><span class="logo" aria-hidden="true"></span>Plume</div>
  <div id="app-nav"></div>
</nav>
<main>
  <iframe id="app-frame" title="Plume" name="app-iframe" src="${escapeHtml(input.appSrc)}"></iframe>
</main>
<div id="save-bar" role="region" aria-label="${escapeHtml(words.unsaved)}">
  <span>${escapeHtml(words.unsaved)}</span><span class="spacer"></span>
  <button class="discard" type="button" data-action="discard">${escapeHtml(words.discard)}</button>
  <button class="save" type="button" data-action="save">${escapeHtml(words.save)}</button>
</div>
<div id="toasts" aria-live="polite"></div>
<script>
(function () {
  const frame = document.getElementById("app-frame");
  const nav = document.getElementById("app-nav");
  const saveBar = document.getElementById("save-bar");
  const toasts = document.getElementById("toasts");
  let currentPath = "";
  let openSaveBar = null;
  const send = (message) => frame.contentWindow.postMessage({ source: "plume-frame", ...message }, window.location.origin);
  function markCurrent() {
    for (const link of nav.querySelectorAll("a")) {
      const href = link.getAttribute("data-href");
      const current = href === currentPath || (href !== "/app" && currentPath.startsWith(href + "/"));
      if (current) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
    }
  }
  window.addEventListener("message", (event) => {
    if (event.origin !== window.location.origin || !event.data || event.data.source !== "plume-app") return;
    const message = event.data;
    if (message.type === "nav") {
      nav.replaceChildren(...message.items.map((item) => {
        const link = document.createElement("a");
        link.href = "#" + item.href;
        link.textContent = item.label;
        link.setAttribute("data-href", item.href);
        link.addEventListener("click", (click) => { click.preventDefault(); send({ type: "navigate", href: item.href }); currentPath = item.href; markCurrent(); });
        return link;
      }));
      markCurrent();
    } else if (message.type === "toast") {
      const toast = document.createElement("div");
      toast.className = "toast" + (message.isError ? " error" : "");
      toast.setAttribute("role", "status");
      toast.textContent = message.message;
      toasts.appendChild(toast);
      setTimeout(() => toast.remove(), 5000);
    } else if (message.type === "save-bar") {
      if (message.visible) openSaveBar = message.id;
      else if (openSaveBar === message.id) openSaveBar = null;
      saveBar.classList.toggle("visible", Boolean(openSaveBar));
    } else if (message.type === "ready" || message.type === "location") {
      currentPath = message.path;
      markCurrent();
    }
  });
  saveBar.addEventListener("click", (event) => {
    const action = event.target.getAttribute && event.target.getAttribute("data-action");
    if (action && openSaveBar) send({ type: "save-bar-action", id: openSaveBar, action });
  });
})();
</script>
</body>
</html>`;
}
