import { Banner, BlockStack, Card, Checkbox, ChoiceList, InlineError, Layout, Text } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { COPY_FIELDS, type CopyField } from "~/copy/settings";
import { SectionErrors, useFieldError, type SettingsProps, differs, useSectionSave } from "./shared";

type WritePolicy = SettingsProps["settings"]["writePolicy"];

export function FieldsSection({ settings }: SettingsProps) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<CopyField[]>(settings.fields);
  const [writePolicy, setWritePolicy] = useState<WritePolicy>(settings.writePolicy);
  const [allowLinks, setAllowLinks] = useState(settings.allowLinks);
  const toggle = (field: CopyField, checked: boolean) =>
    setFields((current) => COPY_FIELDS.filter((candidate) => (candidate === field ? checked : current.includes(candidate))));

  const fetcher = useSectionSave("save-fields", {
    dirty: differs({ fields, writePolicy, allowLinks }, { fields: settings.fields, writePolicy: settings.writePolicy, allowLinks: settings.allowLinks }),
    payload: { intent: "save-fields", fields: fields.join(","), writePolicy, allowLinks: allowLinks ? "on" : "off" },
    onDiscard: () => {
      setFields(settings.fields);
      setWritePolicy(settings.writePolicy);
      setAllowLinks(settings.allowLinks);
    },
  });
  const errorFor = useFieldError(fetcher.data);
  const fieldsError = fields.length === 0 ? t("copySettings.errors.fieldsRequired") : errorFor("fields");

  return (
    <Layout.AnnotatedSection id="copy-fields" title={t("copySettings.fields.heading")} description={t("copySettings.fields.description")}>
      <Card>
        <BlockStack gap="400">
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              {t("copySettings.fields.generate")}
            </Text>
            {COPY_FIELDS.map((field) => (
              <Checkbox
                key={field}
                label={t(`copySettings.fields.names.${field}`)}
                checked={fields.includes(field)}
                onChange={(checked) => toggle(field, checked)}
              />
            ))}
            {fieldsError ? <InlineError message={fieldsError} fieldID="copy-fields-generate" /> : null}
          </BlockStack>
          <ChoiceList
            title={t("copySettings.fields.writePolicy")}
            choices={[
              { label: t("copySettings.fields.policies.fill_blanks"), value: "fill_blanks", helpText: t("copySettings.fields.policiesHelp.fill_blanks") },
              { label: t("copySettings.fields.policies.overwrite"), value: "overwrite", helpText: t("copySettings.fields.policiesHelp.overwrite") },
            ]}
            selected={[writePolicy]}
            onChange={([value]) => setWritePolicy(value === "overwrite" ? "overwrite" : "fill_blanks")}
            error={errorFor("writePolicy")}
          />
          <Checkbox
            label={t("copySettings.fields.allowLinks")}
            helpText={t("copySettings.fields.allowLinksHelp")}
            checked={allowLinks}
            onChange={setAllowLinks}
            error={errorFor("allowLinks")}
          />
          {allowLinks ? <Banner tone="warning">{t("copySettings.fields.allowLinksWarning")}</Banner> : null}
          <SectionErrors result={fetcher.data} shownFields={["fields", "writePolicy", "allowLinks"]} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
