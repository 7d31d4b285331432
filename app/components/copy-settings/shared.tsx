import { useFetcher } from "@remix-run/react";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import { Banner } from "@shopify/polaris";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CopySettingsActionResult, loadCopySettingsPage, SectionIntent } from "~/copy/copy-settings-form.server";

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

interface SectionState {
  payload: Record<string, string>;
  onDiscard: () => void;
}

interface PageSave {
  register(intent: SectionIntent, dirty: boolean, state: { current: SectionState }): void;
  result: CopySettingsActionResult | undefined;
  state: "idle" | "loading" | "submitting";
}

const PageSaveContext = createContext<PageSave | null>(null);

/**
 * One contextual save bar for the whole page: sections are edited freely, and
 * Save sends every section with unsaved changes in one action (one write on
 * the server); Discard puts each of them back. Errors come back keyed by
 * section and field, and each section shows its own at its fields.
 */
export function CopySettingsSaveProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const fetcher = useFetcher<CopySettingsActionResult>();
  const sections = useRef(new Map<SectionIntent, { current: SectionState }>());
  const [dirty, setDirty] = useState<SectionIntent[]>([]);
  const register = useCallback((intent: SectionIntent, isDirty: boolean, state: { current: SectionState }) => {
    sections.current.set(intent, state);
    setDirty((current) => (isDirty ? (current.includes(intent) ? current : [...current, intent]) : current.filter((other) => other !== intent)));
  }, []);
  const message = t("copySettings.saved");
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(message);
  }, [fetcher.state, fetcher.data, shopify, message]);
  const save = () => {
    const payload = dirty.map((intent) => ({ intent, ...sections.current.get(intent)?.current.payload }));
    fetcher.submit({ intent: "save-all", sections: JSON.stringify(payload) }, { method: "post" });
  };
  const discard = () => {
    for (const intent of dirty) sections.current.get(intent)?.current.onDiscard();
  };
  const value = useMemo(() => ({ register, result: fetcher.data, state: fetcher.state }), [register, fetcher.data, fetcher.state]);
  const otherErrors = fetcher.data && !fetcher.data.ok ? Object.entries(fetcher.data.errors).filter(([field]) => !field.startsWith("save-")) : [];
  return (
    <PageSaveContext.Provider value={value}>
      <SaveBar id="copy-settings-save-bar" open={dirty.length > 0}>
        <button variant="primary" onClick={save} disabled={fetcher.state !== "idle"}>
          {t("copySettings.saveBar.save")}
        </button>
        <button onClick={discard} disabled={fetcher.state !== "idle"}>
          {t("copySettings.saveBar.discard")}
        </button>
      </SaveBar>
      {fetcher.data && !fetcher.data.ok ? (
        <div id="copy-settings-not-saved">
          <Banner tone="critical">
            <p>{t("copySettings.notSaved")}</p>
            {[...new Set(otherErrors.map(([, key]) => t(key)))].map((text) => (
              <p key={text}>{text}</p>
            ))}
          </Banner>
        </div>
      ) : null}
      {children}
    </PageSaveContext.Provider>
  );
}

/**
 * A section's part in the page's save: registers whether it has unsaved
 * changes and what it would send, and hands back the last save's outcome
 * for this section alone (its errors, unprefixed, for useFieldError).
 */
export function useSectionSave(intent: SectionIntent, { dirty, payload, onDiscard }: { dirty: boolean } & SectionState) {
  const page = useContext(PageSaveContext);
  if (!page) throw new Error("useSectionSave outside CopySettingsSaveProvider");
  const state = useRef<SectionState>({ payload, onDiscard });
  useEffect(() => {
    state.current = { payload, onDiscard };
  });
  const { register } = page;
  useEffect(() => {
    register(intent, dirty, state);
  }, [register, intent, dirty]);
  useEffect(() => () => register(intent, false, state), [register, intent]);
  const result = page.result;
  const data = useMemo((): CopySettingsActionResult | undefined => {
    if (!result || result.ok) return result?.ok && result.saved?.includes(intent) ? result : undefined;
    const prefix = `${intent}.`;
    const errors = Object.fromEntries(Object.entries(result.errors).flatMap(([field, key]) => (field.startsWith(prefix) ? [[field.slice(prefix.length), key]] : [])));
    return Object.keys(errors).length > 0 ? { ok: false, intent, errors } : undefined;
  }, [result, intent]);
  return { data, state: page.state };
}

/** Whether what the merchant has on screen differs from what is saved. */
export function differs(current: unknown, saved: unknown): boolean {
  return JSON.stringify(current) !== JSON.stringify(saved);
}
