import { BlockStack, Card, Layout, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SectionErrors, useFieldError, type CopySettingsPageData, type SettingsProps, differs, useSectionSave } from "./shared";

type Limits = CopySettingsPageData["limits"];
type Target = keyof Limits;

const TARGETS: Target[] = ["descriptionWords", "seoTitleCharacters", "metaDescriptionCharacters"];

export function LengthsSection({ settings, limits }: SettingsProps & { limits: Limits }) {
  const { t } = useTranslation();
  const saved: Record<Target, string> = {
    descriptionWords: String(settings.lengthTargets.descriptionWords),
    seoTitleCharacters: String(settings.lengthTargets.seoTitleCharacters),
    metaDescriptionCharacters: String(settings.lengthTargets.metaDescriptionCharacters),
  };
  const [values, setValues] = useState<Record<Target, string>>(saved);
  const fetcher = useSectionSave("save-lengths", {
    dirty: differs(values, saved),
    payload: { intent: "save-lengths", ...values },
    onDiscard: () => setValues(saved),
  });
  const errorFor = useFieldError(fetcher.data);

  return (
    <Layout.AnnotatedSection id="copy-lengths" title={t("copySettings.lengths.heading")} description={t("copySettings.lengths.description")}>
      <Card>
        <>
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
          </BlockStack>
        </>
      </Card>
    </Layout.AnnotatedSection>
  );
}
