import { Banner, BlockStack, Box, Button, Card, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { SectionErrors, useFieldError, type SettingsProps, differs, useSectionSave } from "./shared";

interface Row {
  key: number;
  productType: string;
  instruction: string;
}

const MAX_SUGGESTIONS = 12;

export function InstructionsSection({ settings, productTypes, productTypesSource }: SettingsProps & { productTypes: string[]; productTypesSource: "shop" | "sample" }) {
  const { t } = useTranslation();
  // Row keys only need to be unique within this list: saved rows take 0..n-1, added ones count on from there.
  const nextKey = useRef(Object.keys(settings.productTypeInstructions).length);
  const row = (productType: string, instruction: string): Row => ({ key: nextKey.current++, productType, instruction });
  const [rows, setRows] = useState<Row[]>(() =>
    Object.entries(settings.productTypeInstructions).map(([productType, instruction], key) => ({ key, productType, instruction })),
  );
  const used = new Set(rows.map((existing) => existing.productType.trim().toLocaleLowerCase()));
  const suggestions = productTypes.filter((type) => !used.has(type.toLocaleLowerCase())).slice(0, MAX_SUGGESTIONS);
  const update = (key: number, change: Partial<Row>) => setRows((current) => current.map((existing) => (existing.key === key ? { ...existing, ...change } : existing)));
  const shownFields = rows.flatMap((_, index) => [`rows.${index}.productType`, `rows.${index}.instruction`]);

  const savedRows = Object.entries(settings.productTypeInstructions).map(([productType, instruction]) => ({ productType, instruction }));
  const currentRows = rows.map(({ productType, instruction }) => ({ productType, instruction }));
  const fetcher = useSectionSave("save-instructions", {
    dirty: differs(currentRows, savedRows),
    payload: { intent: "save-instructions", rows: JSON.stringify(currentRows) },
    onDiscard: () => setRows(savedRows.map((saved) => row(saved.productType, saved.instruction))),
  });
  const errorFor = useFieldError(fetcher.data);

  return (
    <Layout.AnnotatedSection id="copy-instructions" title={t("copySettings.instructions.heading")} description={t("copySettings.instructions.description")}>
      <Card>
        <BlockStack gap="400">
          {rows.length === 0 ? (
            <Text as="p" tone="subdued">
              {t("copySettings.instructions.empty")}
            </Text>
          ) : (
            rows.map((current, index) => (
              <Box key={current.key} paddingBlockEnd="200" borderBlockEndWidth="025" borderColor="border">
                <BlockStack gap="200">
                  <TextField
                    label={t("copySettings.instructions.productType")}
                    value={current.productType}
                    onChange={(productType) => update(current.key, { productType })}
                    autoComplete="off"
                    maxLength={120}
                    error={errorFor(`rows.${index}.productType`)}
                  />
                  <TextField
                    label={t("copySettings.instructions.instruction")}
                    value={current.instruction}
                    onChange={(instruction) => update(current.key, { instruction })}
                    multiline={2}
                    maxLength={1000}
                    autoComplete="off"
                    placeholder={t("copySettings.instructions.instructionPlaceholder")}
                    error={errorFor(`rows.${index}.instruction`)}
                  />
                  <InlineStack align="end">
                    <Button variant="plain" tone="critical" onClick={() => setRows((all) => all.filter((other) => other.key !== current.key))}>
                      {t("copySettings.instructions.remove")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Box>
            ))
          )}
          <BlockStack gap="200">
            {productTypesSource === "sample" ? (
              <div id="product-types-sample-note">
                <Banner tone="info">{t("copySettings.instructions.sampleTypesNote")}</Banner>
              </div>
            ) : null}
            {suggestions.length > 0 ? (
              <>
                <Text as="p" variant="bodySm" tone="subdued">
                  {t("copySettings.instructions.suggested")}
                </Text>
                <InlineStack gap="100">
                  {suggestions.map((type) => (
                    <Button key={type} size="micro" onClick={() => setRows((all) => [...all, row(type, "")])}>
                      {`+ ${type}`}
                    </Button>
                  ))}
                </InlineStack>
              </>
            ) : null}
            <InlineStack>
              <Button onClick={() => setRows((all) => [...all, row("", "")])}>{t("copySettings.instructions.add")}</Button>
            </InlineStack>
          </BlockStack>
          <SectionErrors result={fetcher.data} shownFields={shownFields} />
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
