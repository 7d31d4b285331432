import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json" with { type: "json" };
import polarisFr from "@shopify/polaris/locales/fr.json" with { type: "json" };
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { CATALOG_SYNC_ERROR_CODES, type CatalogSyncErrorCode } from "~/catalog/sync-state";
import { catalogues, createI18n, type SupportedLocale } from "~/i18n/config";
import { CatalogSyncBanner, emptyListText, type CatalogSyncBannerProps } from "./CatalogSyncBanner";

function render(locale: SupportedLocale, sync: CatalogSyncBannerProps["sync"]): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(locale)}>
      <AppProvider i18n={locale === "fr" ? polarisFr : polarisEn}>
        <CatalogSyncBanner sync={sync} retrying={false} onRetry={() => {}} />
      </AppProvider>
    </I18nextProvider>,
  );
}

/** The page's text, with tags dropped and entities read. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&#x27;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();

const failed = (errorCode: CatalogSyncErrorCode | null) => ({ status: "failed" as const, productCount: 0, errorCode });

describe("the catalog sync banner", () => {
  it.each(CATALOG_SYNC_ERROR_CODES)("words a failed sync (%s) in plain French, with a “Réessayer” action and no English", (code) => {
    const shown = text(render("fr", failed(code)));
    expect(shown).toContain("Le catalogue n’a pas pu être indexé");
    expect(shown).toContain(catalogues.fr.products.syncErrors[code]);
    expect(shown).toContain("Réessayer");
    expect(shown).not.toContain(catalogues.en.products.syncErrors[code]);
    expect(shown).not.toContain("Try again");
    // Never a code or a technical reason.
    expect(shown).not.toContain(code);
    expect(shown).not.toMatch(/Error|HTTP|bulk operation/i);
  });

  it("the French words differ from the English ones for every kind (a missing translation would show English)", () => {
    for (const code of CATALOG_SYNC_ERROR_CODES) expect(catalogues.fr.products.syncErrors[code]).not.toBe(catalogues.en.products.syncErrors[code]);
  });

  it("offers the retry as a button on the banner itself", () => {
    const html = render("en", failed("throttled"));
    expect(html).toMatch(/<button[^>]*>.*Try again.*<\/button>/s);
    expect(text(html)).toContain("Shopify asked Plume to slow down");
  });

  it("a failure from before reasons were recorded (no code) reads as the unknown kind", () => {
    expect(text(render("fr", failed(null)))).toContain(catalogues.fr.products.syncErrors.unknown);
  });

  it("shows progress while the sync runs, and nothing once it completed", () => {
    expect(text(render("fr", { status: "running", productCount: 42, errorCode: null }))).toContain("42 produits indexés pour l’instant.");
    expect(text(render("fr", { status: "completed", productCount: 42, errorCode: null }))).toBe("");
  });

  it("an empty list says the index could not be filled when the sync failed, not that no product matches the filters", () => {
    const fr = createI18n("fr").t;
    expect(emptyListText(fr, 0, "failed")).toBe(catalogues.fr.products.emptyNotIndexed);
    expect(emptyListText(fr, 0, "failed")).not.toBe(catalogues.fr.products.emptyFiltered);
    expect(emptyListText(fr, 0, "running")).toBe(catalogues.fr.products.syncing);
    expect(emptyListText(fr, 0, "completed")).toBe(catalogues.fr.products.empty);
    // An older index is still there after a failed re-sync: then the filters are what matched nothing.
    expect(emptyListText(fr, 12, "failed")).toBe(catalogues.fr.products.emptyFiltered);
  });
});
