import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  InlineGrid,
  InlineStack,
  Layout,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useMemo, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { PreviewProduct, TemplateLanguage } from "~/copy/copy-settings-form.server";
import { DEFAULT_TEMPLATES, TEMPLATE_VARIABLES, type TemplateField, type TemplateSet } from "~/templates/defaults";
import { factsFromProduct, renderField, validateTemplate, type TemplateFacts } from "~/templates/render";
import { HtmlPreview } from "./HtmlPreview";
import { ALT_TEXT_LIMIT } from "~/copy/limits";
import { SectionErrors, useFieldError, useIsClient, useSectionFetcher, type CopySettingsPageData, differs, useSectionSave } from "./shared";

// Listed here rather than imported: the server module's values must not reach the browser bundle.
const LANGUAGES: TemplateLanguage[] = ["en", "fr", "de"];
const FIELDS: TemplateField[] = ["descriptionHtml", "seoTitle", "metaDescription", "altText"];

type Rendered = { ok: true; text: string } | { ok: false; message: string };

interface TemplatesSectionProps {
  templates: CopySettingsPageData["templates"];
  customizedTemplates: TemplateLanguage[];
  products: PreviewProduct[];
  shopName: string;
  currencyCode: string;
  /** The shop's primary locale: the template language shown first. */
  primaryLocale: string;
  lengthTargets: CopySettingsPageData["settings"]["lengthTargets"];
}

/** The template engine's reason ("Unclosed section \"title\" at 18"), worded in the merchant's language. */
function syntaxReason(t: TFunction, message: string): string {
  const section = /^(Unclosed|Unopened) section "(.*)" at (\d+)$/.exec(message);
  if (section) return t(section[1] === "Unclosed" ? "copySettings.templates.syntax.unclosedSection" : "copySettings.templates.syntax.unopenedSection", { name: section[2], at: section[3] });
  const tag = /^Unclosed tag at (\d+)$/.exec(message);
  if (tag) return t("copySettings.templates.syntax.unclosedTag", { at: tag[1] });
  return t("copySettings.templates.syntax.other", { open: "{{" });
}

function syntaxErrorOf(template: string): string | undefined {
  try {
    validateTemplate(template);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function render(field: TemplateField, template: string, facts: TemplateFacts): Rendered {
  try {
    return { ok: true, text: renderField(field, template, facts) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

export function TemplatesSection({ templates, customizedTemplates, products, shopName, currencyCode, primaryLocale, lengthTargets }: TemplatesSectionProps) {
  const { t } = useTranslation();
  const resetFetcher = useSectionFetcher();
  const [language, setLanguage] = useState<TemplateLanguage>(() => LANGUAGES.find((code) => primaryLocale.toLowerCase().startsWith(code)) ?? "en");
  const [drafts, setDrafts] = useState<Record<TemplateLanguage, TemplateSet>>(templates);
  const [productId, setProductId] = useState(products[0]?.id ?? "");
  const [showHtml, setShowHtml] = useState(false);
  const isClient = useIsClient();
  const draft = drafts[language];
  const product = products.find((candidate) => candidate.id === productId) ?? products[0];

  const facts = useMemo<TemplateFacts | null>(() => {
    if (!product || !isClient) return null;
    const { variantTitle, ...rest } = product;
    return { ...factsFromProduct({ ...rest, currencyCode, shopName, locale: language }), variantTitle, imagePosition: 1 };
  }, [product, isClient, currencyCode, shopName, language]);
  const preview = useMemo(
    () => (facts ? Object.fromEntries(FIELDS.map((field) => [field, render(field, draft[field], facts)])) as Record<TemplateField, Rendered> : null),
    [facts, draft],
  );

  const limitOf = (field: TemplateField): number | undefined =>
    field === "seoTitle"
      ? lengthTargets.seoTitleCharacters
      : field === "metaDescription"
        ? lengthTargets.metaDescriptionCharacters
        : field === "altText"
          ? ALT_TEXT_LIMIT
          : undefined;
  const errorFor = (field: TemplateField) => {
    const syntax = syntaxErrorOf(draft[field]);
    if (syntax) return t("copySettings.templates.syntaxError", { detail: syntaxReason(t, syntax) });
    return serverError(field);
  };
  const edit = (field: TemplateField, value: string) => setDrafts((current) => ({ ...current, [language]: { ...current[language], [field]: value } }));
  const customized = customizedTemplates.includes(language);
  const saveFetcher = useSectionSave("save-templates", {
    dirty: differs(draft, templates[language]),
    payload: { intent: "save-templates", language, ...draft },
    onDiscard: () => setDrafts((current) => ({ ...current, [language]: templates[language] })),
  });
  const serverError = useFieldError(saveFetcher.data);

  return (
    <Layout.AnnotatedSection id="copy-templates" title={t("copySettings.templates.heading")} description={t("copySettings.templates.description")}>
      <BlockStack gap="400">
        <Card>
          <BlockStack gap="400">
            <InlineStack gap="300" blockAlign="end" align="space-between">
              <div style={{ minWidth: 200 }}>
                <Select
                  label={t("copySettings.templates.language")}
                  options={LANGUAGES.map((code) => ({ value: code, label: t(`copySettings.templates.languages.${code}`) }))}
                  value={language}
                  onChange={(value) => setLanguage(LANGUAGES.find((code) => code === value) ?? "en")}
                />
              </div>
              <Badge tone={customized ? "info" : undefined}>{customized ? t("copySettings.templates.customized") : t("copySettings.templates.default")}</Badge>
            </InlineStack>
            {FIELDS.map((field) => (
              <TextField
                key={`${language}:${field}`}
                label={t(`copySettings.templates.fields.${field}`)}
                value={draft[field]}
                onChange={(value) => edit(field, value)}
                multiline={field === "descriptionHtml" ? 5 : 2}
                monospaced
                autoComplete="off"
                spellCheck={false}
                error={errorFor(field)}
              />
            ))}
            <BlockStack gap="200">
              <Text as="h3" variant="headingSm">
                {t("copySettings.templates.variables")}
              </Text>
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="100">
                {TEMPLATE_VARIABLES.map((variable) => (
                  <Text key={variable} as="p" variant="bodySm">
                    <code>{`{{${variable}}}`}</code> {t(`copySettings.templates.variableHelp.${variable}`, { nameVariable: "{{name}}", valuesVariable: "{{values}}" })}
                  </Text>
                ))}
              </InlineGrid>
              <Text as="p" variant="bodySm" tone="subdued">
                {t("copySettings.templates.sectionsHelp", { open: "{{#colors}}", close: "{{/colors}}" })}
              </Text>
            </BlockStack>
            {saveFetcher.data && !saveFetcher.data.ok ? (
              <Banner tone="critical">{t("copySettings.templates.notSaved")}</Banner>
            ) : null}
            <SectionErrors result={resetFetcher.data} shownFields={[]} />
            <InlineStack align="end">
              <ButtonGroup>
                <Button
                  loading={resetFetcher.state !== "idle"}
                  onClick={() => {
                    setDrafts((current) => ({ ...current, [language]: DEFAULT_TEMPLATES[language] }));
                    resetFetcher.submit({ intent: "reset-templates", language }, { method: "post" });
                  }}
                >
                  {t("copySettings.templates.reset")}
                </Button>
              </ButtonGroup>
            </InlineStack>
          </BlockStack>
        </Card>
        <Card>
          <BlockStack gap="400">
            <Text as="h3" variant="headingMd">
              {t("copySettings.templates.preview")}
            </Text>
            {products.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("copySettings.templates.noProducts")}
              </Text>
            ) : (
              <>
                <Select
                  label={t("copySettings.templates.previewProduct")}
                  options={products.map((candidate) => ({ value: candidate.id, label: candidate.title }))}
                  value={product?.id ?? ""}
                  onChange={setProductId}
                />
                {preview ? (
                  FIELDS.map((field) => {
                    const rendered = preview[field];
                    const limit = limitOf(field);
                    return (
                      <BlockStack key={field} gap="100">
                        <InlineStack align="space-between" blockAlign="center">
                          <Text as="h4" variant="headingSm">
                            {t(`copySettings.fields.names.${field}`)}
                          </Text>
                          {field === "descriptionHtml" ? (
                            <Button variant="plain" onClick={() => setShowHtml((shown) => !shown)}>
                              {showHtml ? t("copySettings.templates.showFormatted") : t("copySettings.templates.showHtml")}
                            </Button>
                          ) : null}
                          {limit !== undefined && rendered.ok ? (
                            <Text as="span" variant="bodySm" tone={rendered.text.length > limit ? "critical" : "subdued"}>
                              {t("copySettings.templates.characters", { length: rendered.text.length, limit })}
                            </Text>
                          ) : null}
                        </InlineStack>
                        <Box padding="300" background="bg-surface-secondary" borderRadius="200" id={`copy-preview-${field}`}>
                          {!rendered.ok ? (
                            <Text as="p" tone="critical">
                              {t("copySettings.templates.previewError", { detail: syntaxReason(t, rendered.message) })}
                            </Text>
                          ) : rendered.text === "" ? (
                            <Text as="p" tone="subdued">
                              {t("copySettings.templates.previewEmpty")}
                            </Text>
                          ) : field === "descriptionHtml" && !showHtml ? (
                            <HtmlPreview html={rendered.text} />
                          ) : (
                            <Text as="p" breakWord>
                              {rendered.text}
                            </Text>
                          )}
                        </Box>
                      </BlockStack>
                    );
                  })
                ) : (
                  <Text as="p" tone="subdued">
                    {t("copySettings.templates.previewLoading")}
                  </Text>
                )}
              </>
            )}
          </BlockStack>
        </Card>
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}
