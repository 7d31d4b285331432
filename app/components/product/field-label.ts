import type { TFunction } from "i18next";
import type { CopyField } from "~/copy/types";

/** A proposal's field as the merchant reads it: "SEO title", "Image alt text · 123", with the language for a translation. */
export function fieldLabel(t: TFunction, entry: { field: CopyField; resourceId: string; locale?: string }, primaryLocale?: string): string {
  const base = entry.field === "altText" ? `${t("product.fields.altText")} · ${entry.resourceId.split("/").pop()}` : t(`product.fields.${entry.field}`);
  return entry.locale && primaryLocale && entry.locale !== primaryLocale ? `${base} (${entry.locale})` : base;
}
