import { Banner } from "@shopify/polaris";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { CatalogSyncStatus, CatalogSyncView } from "~/catalog/sync-state";

export interface CatalogSyncBannerProps {
  sync: Pick<CatalogSyncView, "status" | "productCount" | "errorCode"> | null;
  /** A new sync was asked for and the answer has not come yet. */
  retrying: boolean;
  onRetry: () => void;
}

/**
 * The catalog sync above the Products list: its progress while it runs; when it failed, why in
 * plain words (never the technical reason) and a way to try again right there.
 */
export function CatalogSyncBanner({ sync, retrying, onRetry }: CatalogSyncBannerProps) {
  const { t } = useTranslation();
  if (sync?.status === "running") {
    return (
      <Banner tone="info" title={t("products.syncing")}>
        {t("products.syncingCount", { count: sync.productCount })}
      </Banner>
    );
  }
  if (sync?.status === "failed") {
    return (
      <Banner tone="critical" title={t("products.syncFailed")} action={{ content: t("products.tryAgain"), onAction: onRetry, loading: retrying }}>
        <p>{t(`products.syncErrors.${sync.errorCode ?? "unknown"}`)}</p>
      </Banner>
    );
  }
  return null;
}

/**
 * What an empty product list says: with products in the index, the filters match none; with an
 * empty index, it is filling, could not be filled (the banner above says why), or the store has none.
 */
export function emptyListText(t: TFunction, indexedProducts: number, status: CatalogSyncStatus): string {
  if (indexedProducts > 0) return t("products.emptyFiltered");
  if (status === "running") return t("products.syncing");
  if (status === "failed") return t("products.emptyNotIndexed");
  return t("products.empty");
}
