import { useFetcher } from "@remix-run/react";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import { Banner } from "@shopify/polaris";
import { useEffect, useSyncExternalStore } from "react";
import { useTranslation } from "react-i18next";
import type { CopySettingsActionResult, loadCopySettingsPage } from "~/copy/copy-settings-form.server";

export type CopySettingsPageData = Awaited<ReturnType<typeof loadCopySettingsPage>>;
export type SettingsProps = { settings: CopySettingsPageData["settings"] };

/** A fetcher for one section's intent, with the page's "Saved" toast when it comes back saved. */
export function useSectionFetcher() {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const fetcher = useFetcher<CopySettingsActionResult>();
  const message = t("copySettings.saved");
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(message);
  }, [fetcher.state, fetcher.data, shopify, message]);
  return fetcher;
}

/** The translated error for one field of the last submission, if it was refused. */
export function useFieldError(result: CopySettingsActionResult | undefined) {
  const { t } = useTranslation();
  return (field: string, values?: Record<string, unknown>): string | undefined => {
    if (!result || result.ok) return undefined;
    const key = result.errors[field];
    return key ? t(key, values ?? {}) : undefined;
  };
}

/** Errors not shown next to a field (a list's own limit, a malformed request). */
export function SectionErrors({ result, shownFields }: { result: CopySettingsActionResult | undefined; shownFields: string[] }) {
  const { t } = useTranslation();
  if (!result || result.ok) return null;
  const others = Object.entries(result.errors).filter(([field]) => !shownFields.includes(field));
  if (others.length === 0) return null;
  return (
    <Banner tone="critical">
      {[...new Set(others.map(([, key]) => t(key)))].map((message) => (
        <p key={message}>{message}</p>
      ))}
    </Banner>
  );
}

const subscribeNothing = () => () => {};

/**
 * False during server rendering and hydration, true after: for output the
 * server cannot reproduce exactly (Intl formatting, DOM parsing), which would
 * otherwise break hydration.
 */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
}

/**
 * The contextual save bar for one section: shown while the section has
 * unsaved changes; Save submits the section, Discard puts the saved values back.
 */
export function SectionSaveBar({ id, dirty, onSave, onDiscard }: { id: string; dirty: boolean; onSave: () => void; onDiscard: () => void }) {
  const { t } = useTranslation();
  return (
    <SaveBar id={id} open={dirty}>
      <button variant="primary" onClick={onSave}>
        {t("copySettings.saveBar.save")}
      </button>
      <button onClick={onDiscard}>{t("copySettings.saveBar.discard")}</button>
    </SaveBar>
  );
}

/** Whether what the merchant has on screen differs from what is saved. */
export function differs(current: unknown, saved: unknown): boolean {
  return JSON.stringify(current) !== JSON.stringify(saved);
}
