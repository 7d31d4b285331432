import { BlockStack, Card, Checkbox, InlineError, Layout, Text } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SectionErrors, useFieldError, type CopySettingsPageData, type SettingsProps, differs, useSectionSave } from "./shared";

export function LanguagesSection({ settings, locales }: SettingsProps & { locales: CopySettingsPageData["locales"] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(settings.translationLocales);
  const offered = new Set(locales.map((locale) => locale.locale));
  // A language chosen earlier and since unpublished stays visible, so it can be unticked.
  const withdrawn = settings.translationLocales.filter((locale) => !offered.has(locale));
  const toggle = (locale: string, checked: boolean) =>
    setChosen((current) => (checked ? [...current.filter((other) => other !== locale), locale] : current.filter((other) => other !== locale)));

  const fetcher = useSectionSave("save-languages", {
    dirty: differs([...chosen].sort(), [...settings.translationLocales].sort()),
    payload: { intent: "save-languages", translationLocales: chosen.join(",") },
    onDiscard: () => setChosen(settings.translationLocales),
  });
  const errorFor = useFieldError(fetcher.data);
  const error = errorFor("translationLocales");

  return (
    <Layout.AnnotatedSection id="copy-languages" title={t("copySettings.languages.heading")} description={t("copySettings.languages.description")}>
      <Card>
        <BlockStack gap="400">
          {locales.length === 0 && withdrawn.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("copySettings.languages.none")}
            </Text>
          ) : (
            <BlockStack gap="100">
              {locales.map((locale) => (
                <Checkbox
                  key={locale.locale}
                  label={`${locale.name} (${locale.locale})`}
                  checked={chosen.includes(locale.locale)}
                  onChange={(checked) => toggle(locale.locale, checked)}
                />
              ))}
              {withdrawn.map((locale) => (
                <Checkbox
                  key={locale}
                  label={t("copySettings.languages.unpublished", { locale })}
                  checked={chosen.includes(locale)}
                  onChange={(checked) => toggle(locale, checked)}
                />
              ))}
              {error ? <InlineError message={error} fieldID="copy-languages" /> : null}
            </BlockStack>
          )}
          <Text as="p" tone="subdued" variant="bodySm">
            {t("copySettings.languages.help")}
          </Text>
          <SectionErrors result={fetcher.data} shownFields={["translationLocales"]} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
