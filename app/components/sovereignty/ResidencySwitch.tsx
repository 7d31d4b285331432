import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Checkbox } from "@shopify/polaris";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useOnChange, useSyncedState } from "~/components/shared/use-synced-state";
import type { SettingsActionResult } from "~/models/settings-form.server";

/**
 * The "EU / self-hosted only" switch, saved by the Settings action wherever it is shown
 * (Settings, and the Usage page's "Where your data goes").
 */
export function ResidencySwitch({ euOnly: saved, action = "/app/settings" }: { euOnly: boolean; action?: string }) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const fetcher = useFetcher<SettingsActionResult>();
  const [euOnly, setEuOnly] = useSyncedState(saved, (value) => value);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(t("settings.saved"));
  }, [fetcher.state, fetcher.data, shopify, t]);
  // A refused change (e.g. a US primary still set) puts the box back as saved.
  useOnChange(fetcher.state === "idle" ? fetcher.data : undefined, (result) => {
    if (result && !result.ok) setEuOnly(saved);
  });
  const refusal = fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <BlockStack gap="300">
      <Checkbox
        label={t("settings.residency.euOnly")}
        helpText={t("settings.residency.euOnlyHelp")}
        checked={euOnly}
        onChange={(checked) => {
          setEuOnly(checked);
          fetcher.submit({ intent: "save-residency", euOnly: checked ? "on" : "off" }, { method: "post", action });
        }}
      />
      {refusal === null ? null : (
        <Banner tone="critical">{refusal === "not_allowed_eu_only" ? t("settings.errors.euOnlyConflict") : t(`settings.errors.${refusal}`, { defaultValue: t("settings.errors.invalid_input") })}</Banner>
      )}
    </BlockStack>
  );
}
