import { CHROME_STYLE, escapeHtml } from "./frame";
import type { DemoExtension } from "./extensions";

/**
 * The admin's own pages the demo needs around the app's extensions: the product list (select
 * products → More actions → the selection action) and a product page (More actions → the
 * action, and the app's block inline), with the admin's modal hosting an extension in an
 * iframe on the extension origin (scripts/demo/extension-host). Data comes from the Admin
 * emulator, so a value Plume writes shows here. Dev-only.
 */
export interface AdminProductRow {
  id: string;
  title: string;
  status: string;
  vendor: string;
  productType: string;
}

export interface AdminProductDetail extends AdminProductRow {
  descriptionText: string;
  seoTitle: string;
  seoDescription: string;
}

interface PageInput {
  shopName: string;
  shopDomain: string;
  locale: "en" | "fr";
  hostOrigin: string;
}

const WORDS = {
  en: {
    note: (shop: string) => `Local Shopify admin stand-in · store ${shop} is emulated`,
    products: "Products",
    apps: "Apps",
    moreActions: "More actions",
    selected: (count: number) => `${count} selected`,
    selectAll: "Select all products on this page",
    select: (title: string) => `Select ${title}`,
    showing: (shown: number, total: number) => `Showing ${shown} of ${total} products`,
    title: "Product",
    status: "Status",
    vendor: "Vendor",
    type: "Type",
    description: "Description",
    seo: "Search engine listing",
    seoTitle: "Page title",
    seoDescription: "Meta description",
    empty: "(empty)",
    back: "Products",
    closeModal: "Close",
    addProduct: "Add product",
    newTitle: "Title",
    newTitlePlaceholder: "Short sleeve t-shirt",
    newDescription: "Description",
    newDescriptionHelp: "Optional. Leave it empty and let Plume write it.",
    save: "Save",
    titleBlank: "Title can't be blank",
    titleTooLong: "Title is too long (maximum is 255 characters)",
    descriptionTooLong: "Description is too long (maximum is 5,000 characters)",
    notSaved: "The product could not be saved. Try again.",
  },
  fr: {
    note: (shop: string) => `Réplique locale de l’admin Shopify · boutique ${shop} émulée`,
    products: "Produits",
    apps: "Applications",
    moreActions: "Plus d’actions",
    selected: (count: number) => `${count} sélectionné${count > 1 ? "s" : ""}`,
    selectAll: "Sélectionner tous les produits de la page",
    select: (title: string) => `Sélectionner ${title}`,
    showing: (shown: number, total: number) => `${shown} produits affichés sur ${total}`,
    title: "Produit",
    status: "Statut",
    vendor: "Fournisseur",
    type: "Type",
    description: "Description",
    seo: "Référencement sur les moteurs de recherche",
    seoTitle: "Titre de la page",
    seoDescription: "Méta-description",
    empty: "(vide)",
    back: "Produits",
    closeModal: "Fermer",
    addProduct: "Ajouter un produit",
    newTitle: "Titre",
    newTitlePlaceholder: "T-shirt à manches courtes",
    newDescription: "Description",
    newDescriptionHelp: "Facultative. Laissez-la vide et Plume la rédigera.",
    save: "Enregistrer",
    titleBlank: "Le titre ne peut pas être vide",
    titleTooLong: "Le titre est trop long (255 caractères au plus)",
    descriptionTooLong: "La description est trop longue (5 000 caractères au plus)",
    notSaved: "Le produit n’a pas pu être enregistré. Réessayez.",
  },
} as const;

const PAGE_STYLE = `
  main.admin { overflow: auto; padding: 20px 24px; }
  main.admin h1 { font-size: 20px; margin: 0 0 16px; }
  .card { background: #fff; border-radius: 12px; box-shadow: 0 1px 0 rgba(26,26,26,.07), inset 0 0 0 1px #e3e3e3; padding: 0; margin-bottom: 16px; }
  .card.padded { padding: 16px; }
  .card h2 { font-size: 14px; margin: 0 0 8px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 8px 12px; border-bottom: 1px solid #ebebeb; }
  th { font-weight: 600; color: #616161; font-size: 12px; }
  td a { color: #303030; font-weight: 600; text-decoration: none; } td a:hover { text-decoration: underline; }
  .bar { display: flex; align-items: center; gap: 12px; padding: 8px 12px; border-bottom: 1px solid #ebebeb; min-height: 40px; }
  .bar .spacer, .title-row .spacer { flex: 1; }
  .title-row { display: flex; align-items: center; gap: 12px; margin-bottom: 16px; } .title-row h1 { margin: 0; }
  .menu { position: relative; }
  .menu > button, .modal-close { font: inherit; font-weight: 600; border-radius: 8px; padding: 6px 12px; cursor: pointer; border: 0; box-shadow: inset 0 -1px 0 #b5b5b5, inset 0 0 0 1px #e3e3e3; background: #fff; }
  .menu > button:disabled { opacity: .5; cursor: default; }
  .menu [role="menu"] { position: absolute; right: 0; top: calc(100% + 4px); background: #fff; border-radius: 12px; box-shadow: 0 8px 24px rgba(0,0,0,.18); padding: 6px; min-width: 220px; z-index: 5; }
  .menu [role="menuitem"] { display: block; width: 100%; text-align: left; font: inherit; border: 0; background: none; padding: 8px 10px; border-radius: 8px; cursor: pointer; }
  .menu [role="menuitem"]:hover, .menu [role="menuitem"]:focus { background: #f1f1f1; }
  .field { margin: 0 0 12px; } .field dt { color: #616161; font-size: 12px; } .field dd { margin: 2px 0 0; white-space: pre-line; }
  dialog.extension { border: 0; padding: 0; border-radius: 16px; width: min(640px, 92vw); height: min(640px, 88vh); box-shadow: 0 20px 60px rgba(0,0,0,.35); overflow: hidden; }
  dialog.extension::backdrop { background: rgba(0,0,0,.45); }
  dialog.extension iframe { border: 0; width: 100%; height: 100%; display: block; }
  .modal-close { position: absolute; top: 8px; right: 10px; z-index: 2; padding: 2px 10px; font-size: 18px; line-height: 1.3; }
  .add-product { font: inherit; font-weight: 600; border-radius: 8px; padding: 6px 12px; text-decoration: none; color: #fff; background: #303030; box-shadow: inset 0 -1px 0 #000; }
  form.new-product label { display: block; font-weight: 600; margin: 0 0 4px; }
  form.new-product input, form.new-product textarea { font: inherit; width: 100%; box-sizing: border-box; border: 1px solid #8a8a8a; border-radius: 8px; padding: 6px 10px; }
  form.new-product textarea { min-height: 140px; resize: vertical; }
  form.new-product .help { color: #616161; font-size: 12px; margin: 4px 0 0; }
  form.new-product .error { color: #8e1f0b; margin: 4px 0 0; }
  form.new-product .actions { display: flex; justify-content: flex-end; }
  form.new-product button { font: inherit; font-weight: 600; border-radius: 8px; padding: 6px 14px; border: 0; color: #fff; background: #303030; cursor: pointer; }
  iframe.block { border: 0; width: 100%; height: 160px; display: block; border-radius: 12px; }
`;

function chrome(input: PageInput & { title: string; current: "products"; main: string; switchHref: string; script: string }): string {
  const words = WORDS[input.locale];
  const other = input.locale === "fr" ? "en" : "fr";
  return `<!doctype html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<title>${escapeHtml(input.title)} · ${escapeHtml(input.shopName)} (local admin)</title>
<style>${CHROME_STYLE}${PAGE_STYLE}</style>
</head>
<body>
<header>
  <span class="brand">${escapeHtml(input.shopName)}</span>
  <span class="note">${escapeHtml(words.note(input.shopDomain))}</span>
  <span class="spacer"></span>
  <a href="${escapeHtml(input.switchHref)}" id="switch-locale">${other === "fr" ? "Français" : "English"}</a>
</header>
<nav aria-label="Admin">
  <a class="admin-link" id="admin-products" href="/admin/products?locale=${input.locale}" aria-current="page">${escapeHtml(words.products)}</a>
  <h2>${escapeHtml(words.apps)}</h2>
  <div class="app"><span class="logo" aria-hidden="true"></span><a href="/?locale=${input.locale}" style="padding:0">Plume</a></div>
</nav>
<main class="admin">${input.main}</main>
<dialog class="extension" id="extension-modal"><button type="button" class="modal-close" id="extension-modal-close" aria-label="${escapeHtml(words.closeModal)}">×</button></dialog>
<script>
${modalScript(input)}
${input.script}
</script>
</body>
</html>`;
}

/**
 * The admin's side of the extension host: a modal (or an inline frame for blocks) on the
 * extension origin; it hands the target its selection, closes on shopify.close(), follows
 * app: and shopify:admin links, and sizes blocks to their content.
 */
function modalScript(input: PageInput): string {
  return `
const HOST = ${JSON.stringify(input.hostOrigin)};
const LOCALE = ${JSON.stringify(input.locale)};
const modal = document.getElementById("extension-modal");
const frames = new Map();
function hostUrl(handle) { return HOST + "/__demo/extension-host?handle=" + encodeURIComponent(handle) + "&locale=" + LOCALE; }
function mountExtension(frame, handle, selected) {
  frames.set(handle, { frame, selected });
  frame.src = hostUrl(handle);
}
window.plumeOpenExtension = function (handle, selected, onClose, title) {
  modal.querySelector("iframe")?.remove();
  const frame = document.createElement("iframe");
  frame.title = title || handle;
  frame.name = "extension-" + handle;
  modal.appendChild(frame);
  modal.onclose = () => { frame.remove(); frames.delete(handle); if (onClose) onClose(); };
  mountExtension(frame, handle, selected);
  modal.showModal();
};
window.plumeMountBlock = function (frame, handle, selected) { mountExtension(frame, handle, selected); };
document.getElementById("extension-modal-close").addEventListener("click", () => modal.close());
window.addEventListener("message", (event) => {
  if (event.origin !== HOST || !event.data || event.data.source !== "plume-extension-host") return;
  const entry = frames.get(event.data.handle);
  if (!entry || event.source !== entry.frame.contentWindow) return;
  const message = event.data;
  if (message.type === "ready") entry.frame.contentWindow.postMessage({ source: "plume-frame", type: "init", selected: entry.selected }, HOST);
  else if (message.type === "close") { if (modal.open) modal.close(); }
  else if (message.type === "resize" && entry.frame.classList.contains("block")) entry.frame.style.height = Math.min(Math.max(message.height, 80), 1600) + "px";
  else if (message.type === "navigate") {
    const href = String(message.href);
    if (href.startsWith("app:")) {
      const appPath = "/" + href.slice(4).replace(/^\\/+/, "");
      window.location.href = "/?locale=" + LOCALE + "&app=" + encodeURIComponent(appPath);
    } else if (href.startsWith("shopify:admin/products")) {
      window.location.href = "/admin/" + href.slice("shopify:admin/".length) + "?locale=" + LOCALE;
    }
  }
});
function wireMenu(menu) {
  const button = menu.querySelector("button");
  const list = menu.querySelector("[role=menu]");
  button.addEventListener("click", () => { list.hidden = !list.hidden; button.setAttribute("aria-expanded", String(!list.hidden)); if (!list.hidden) list.querySelector("[role=menuitem]")?.focus(); });
  document.addEventListener("click", (event) => { if (!menu.contains(event.target)) { list.hidden = true; button.setAttribute("aria-expanded", "false"); } });
}
document.querySelectorAll(".menu").forEach(wireMenu);
`;
}

function menu(label: string, items: DemoExtension[], locale: "en" | "fr", disabled: boolean): string {
  return `<div class="menu"><button type="button" aria-haspopup="menu" aria-expanded="false" id="more-actions" ${disabled ? "disabled" : ""}>${escapeHtml(label)} ▾</button>
<div role="menu" hidden>${items.map((item) => `<button type="button" role="menuitem" data-handle="${escapeHtml(item.handle)}">${escapeHtml(item.names[locale] ?? item.handle)}</button>`).join("")}</div></div>`;
}

export function renderAdminProductsPage(input: PageInput & { products: AdminProductRow[]; total: number; selectionActions: DemoExtension[] }): string {
  const words = WORDS[input.locale];
  const rows = input.products
    .map((product) => {
      const numeric = product.id.split("/").pop() ?? "";
      return `<tr><td><input type="checkbox" class="select" value="${escapeHtml(product.id)}" aria-label="${escapeHtml(words.select(product.title))}"></td>
<td><a href="/admin/products/${escapeHtml(numeric)}?locale=${input.locale}">${escapeHtml(product.title)}</a></td><td>${escapeHtml(product.status)}</td><td>${escapeHtml(product.vendor)}</td><td>${escapeHtml(product.productType)}</td></tr>`;
    })
    .join("\n");
  const main = `<div class="title-row"><h1>${escapeHtml(words.products)}</h1><span class="spacer"></span><a class="add-product" id="add-product" href="/admin/products/new?locale=${input.locale}">${escapeHtml(words.addProduct)}</a></div>
<div class="card">
  <div class="bar"><span id="selection-count" aria-live="polite"></span><span class="spacer"></span>${menu(words.moreActions, input.selectionActions, input.locale, true)}</div>
  <table><thead><tr><th><input type="checkbox" id="select-all" aria-label="${escapeHtml(words.selectAll)}"></th><th>${escapeHtml(words.title)}</th><th>${escapeHtml(words.status)}</th><th>${escapeHtml(words.vendor)}</th><th>${escapeHtml(words.type)}</th></tr></thead>
  <tbody>${rows}</tbody></table>
  <div class="bar"><span>${escapeHtml(words.showing(input.products.length, input.total))}</span></div>
</div>`;
  const script = `
const boxes = Array.from(document.querySelectorAll("input.select"));
const count = document.getElementById("selection-count");
const more = document.getElementById("more-actions");
const SELECTED_ONE = ${JSON.stringify(words.selected(1).replace("1", "{n}"))};
const SELECTED_OTHER = ${JSON.stringify(words.selected(2).replace("2", "{n}"))};
function selectedIds() { return boxes.filter((box) => box.checked).map((box) => ({ id: box.value })); }
function refresh() { const n = selectedIds().length; count.textContent = n > 0 ? (n === 1 ? SELECTED_ONE : SELECTED_OTHER).replace("{n}", n) : ""; more.disabled = n === 0; }
document.getElementById("select-all").addEventListener("change", (event) => { boxes.forEach((box) => (box.checked = event.target.checked)); refresh(); });
boxes.forEach((box) => box.addEventListener("change", refresh));
document.querySelectorAll("[role=menuitem]").forEach((item) => item.addEventListener("click", () => {
  item.closest("[role=menu]").hidden = true;
  window.plumeOpenExtension(item.dataset.handle, selectedIds(), null, item.textContent);
}));
refresh();
`;
  return chrome({ ...input, title: words.products, current: "products", main, switchHref: `/admin/products?locale=${input.locale === "fr" ? "en" : "fr"}`, script });
}

export function renderAdminProductPage(input: PageInput & { product: AdminProductDetail; actions: DemoExtension[]; blocks: DemoExtension[] }): string {
  const words = WORDS[input.locale];
  const { product } = input;
  const numeric = product.id.split("/").pop() ?? "";
  const value = (text: string) => (text.trim() === "" ? `<span style="color:#8a8a8a">${escapeHtml(words.empty)}</span>` : escapeHtml(text));
  const main = `<p><a href="/admin/products?locale=${input.locale}">← ${escapeHtml(words.back)}</a></p>
<div class="title-row"><h1>${escapeHtml(product.title)}</h1><span class="spacer"></span>${menu(words.moreActions, input.actions, input.locale, false)}</div>
<div class="card padded"><dl>
  <div class="field"><dt>${escapeHtml(words.description)}</dt><dd id="product-description">${value(product.descriptionText)}</dd></div>
  <div class="field"><dt>${escapeHtml(words.status)}</dt><dd>${escapeHtml(product.status)} · ${escapeHtml(product.vendor)} · ${escapeHtml(product.productType)}</dd></div>
</dl></div>
<div class="card padded"><h2>${escapeHtml(words.seo)}</h2><dl>
  <div class="field"><dt>${escapeHtml(words.seoTitle)}</dt><dd id="product-seo-title">${value(product.seoTitle)}</dd></div>
  <div class="field"><dt>${escapeHtml(words.seoDescription)}</dt><dd id="product-seo-description">${value(product.seoDescription)}</dd></div>
</dl></div>
${input.blocks.map((block) => `<iframe class="block" data-handle="${escapeHtml(block.handle)}" title="${escapeHtml(block.names[input.locale] ?? block.handle)}"></iframe>`).join("\n")}`;
  const script = `
const SELECTED = [{ id: ${JSON.stringify(product.id)} }];
document.querySelectorAll("[role=menuitem]").forEach((item) => item.addEventListener("click", () => {
  item.closest("[role=menu]").hidden = true;
  // Like the admin after an app's action: the page shows the product as it now is.
  window.plumeOpenExtension(item.dataset.handle, SELECTED, () => window.location.reload(), item.textContent);
}));
document.querySelectorAll("iframe.block").forEach((frame) => window.plumeMountBlock(frame, frame.dataset.handle, SELECTED));
`;
  return chrome({ ...input, title: product.title, current: "products", main, switchHref: `/admin/products/${numeric}?locale=${input.locale === "fr" ? "en" : "fr"}`, script });
}

/** What the admin's "Add product" form posted, and why it was refused, for showing it again. */
export interface NewProductForm {
  title: string;
  description: string;
  error: "titleBlank" | "titleTooLong" | "descriptionTooLong" | "notSaved" | null;
}

/**
 * The admin's "Add product" page, reduced to what the demo needs: a title and an optional description. Saving
 * creates the product through the Admin API (productCreate), so Shopify's own products/create webhook reaches
 * the app, as it does when a merchant adds a product in the real admin.
 */
export function renderAdminNewProductPage(input: PageInput & { form: NewProductForm }): string {
  const words = WORDS[input.locale];
  const { form } = input;
  const titleError = form.error === "titleBlank" || form.error === "titleTooLong" ? words[form.error] : null;
  const descriptionError = form.error === "descriptionTooLong" ? words.descriptionTooLong : null;
  const main = `<p><a href="/admin/products?locale=${input.locale}">← ${escapeHtml(words.back)}</a></p>
<div class="title-row"><h1>${escapeHtml(words.addProduct)}</h1></div>
<form class="new-product" method="post" action="/admin/products/new?locale=${input.locale}">
<div class="card padded">
  ${form.error === "notSaved" ? `<p class="error" role="alert">${escapeHtml(words.notSaved)}</p>` : ""}
  <div class="field"><label for="new-title">${escapeHtml(words.newTitle)}</label>
    <input id="new-title" name="title" maxlength="255" placeholder="${escapeHtml(words.newTitlePlaceholder)}" value="${escapeHtml(form.title)}" ${titleError ? 'aria-invalid="true" aria-describedby="new-title-error"' : ""} required>
    ${titleError ? `<p class="error" id="new-title-error">${escapeHtml(titleError)}</p>` : ""}</div>
  <div class="field"><label for="new-description">${escapeHtml(words.newDescription)}</label>
    <textarea id="new-description" name="description" maxlength="5000" aria-describedby="new-description-help">${escapeHtml(form.description)}</textarea>
    <p class="help" id="new-description-help">${escapeHtml(words.newDescriptionHelp)}</p>
    ${descriptionError ? `<p class="error">${escapeHtml(descriptionError)}</p>` : ""}</div>
</div>
<div class="actions"><button type="submit" id="save-product">${escapeHtml(words.save)}</button></div>
</form>`;
  return chrome({ ...input, title: words.addProduct, current: "products", main, switchHref: `/admin/products/new?locale=${input.locale === "fr" ? "en" : "fr"}`, script: "" });
}
