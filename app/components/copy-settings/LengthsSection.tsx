import { BlockStack, Button, Card, InlineStack, Layout, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SectionErrors, useFieldError, useSectionFetcher, type CopySettingsPageData, type SettingsProps, SectionSaveBar, differs } from "./shared";

type Limits = CopySettingsPageData["limits"];
type Target = keyof Limits;

const TARGETS: Target[] = ["descriptionWords", "seoTitleCharacters", "metaDescriptionCharacters"];

export function LengthsSection({ settings, limits }: SettingsProps & { limits: Limits }) {
  const { t } = useTranslation();
  const fetcher = useSectionFetcher();
  const errorFor = useFieldError(fetcher.data);
  const saved: Record<Target, string> = {
    descriptionWords: String(settings.lengthTargets.descriptionWords),
    seoTitleCharacters: String(settings.lengthTargets.seoTitleCharacters),
    metaDescriptionCharacters: String(settings.lengthTargets.metaDescriptionCharacters),
  };
  const [values, setValues] = useState<Record<Target, string>>(saved);
  const saveBar = (
    <SectionSaveBar
      id="save-bar-lengths"
      dirty={differs(values, saved)}
      onSave={() => fetcher.submit({ intent: "save-lengths", ...values }, { method: "post" })}
      onDiscard={() => setValues(saved)}
    />
  );

  return (
    <Layout.AnnotatedSection id="copy-lengths" title={t("copySettings.lengths.heading")} description={t("copySettings.lengths.description")}>
      <Card>
        {saveBar}
        <fetcher.Form method="post" noValidate>
          <BlockStack gap="400">
            <input type="hidden" name="intent" value="save-lengths" />
            {TARGETS.map((target) => (
              <TextField
                key={target}
                label={t(`copySettings.lengths.${target}`)}
                name={target}
                type="number"
                inputMode="numeric"
                min={limits[target].min}
                max={limits[target].max}
                step={1}
                value={values[target]}
                onChange={(value) => setValues((current) => ({ ...current, [target]: value }))}
                suffix={t(target === "descriptionWords" ? "copySettings.lengths.words" : "copySettings.lengths.characters")}
                helpText={t("copySettings.lengths.range", limits[target])}
                error={errorFor(target, limits[target])}
                autoComplete="off"
              />
            ))}
            <SectionErrors result={fetcher.data} shownFields={TARGETS} />
            <InlineStack align="end">
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                {t("copySettings.lengths.save")}
              </Button>
            </InlineStack>
          </BlockStack>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}
