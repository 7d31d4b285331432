import { Link as RemixLink, useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, ChoiceList, DataTable, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CompareStartData } from "~/compare/page.server";
import { COMPARE_MAX_MODELS, COMPARE_MAX_PRODUCTS, COMPARE_MIN_MODELS, type CompareEstimate, type CompareEstimateInput, type CompareModel, type CompareStartInput } from "~/compare/types";
import { COPY_FIELDS, type CopyField } from "~/copy/types";
import { formatCount, formatUsd } from "~/components/shared/format";
import { backendLabel } from "~/i18n/backend-text";
import { compareErrorText, modelLabel } from "./compare-text";
import { ProductPicker } from "./ProductPicker";

type ActionData = { ok: true; estimate: CompareEstimate } | { ok: false; error: string; errors: Record<string, string>; params: Record<string, string | number> };

const MISSING = ["", "description", "seoTitle", "metaDescription", "altText"] as const;
type Missing = (typeof MISSING)[number];

/** The compare page: 2–4 models, 1–20 products (picked or a random sample), the estimate, then run; and earlier comparisons. */
export function CompareStart(data: CompareStartData) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const estimator = useFetcher<ActionData>();
  const starter = useFetcher<ActionData>();
  const firstOther = data.backends.find((backend) => backend.ready && backend.id !== data.primary.backendId);
  const [models, setModels] = useState<CompareModel[]>(() => [data.primary, ...(firstOther ? [{ backendId: firstOther.id, modelId: firstOther.suggestedModels[0] ?? "default" }] : [])]);
  const [picked, setPicked] = useState(data.preselected);
  const [mode, setMode] = useState<"ids" | "sample">(data.preselected.length > 0 ? "ids" : "sample");
  const [size, setSize] = useState("5");
  const [missing, setMissing] = useState<Missing>("");
  const [query, setQuery] = useState("");
  const [fields, setFields] = useState<CopyField[]>(data.defaults.fields.length > 0 ? data.defaults.fields : ["seoTitle", "metaDescription"]);
  const [language, setLanguage] = useState(data.defaults.locale);

  const sampleSize = Math.min(COMPARE_MAX_PRODUCTS, Math.max(1, Math.trunc(Number(size)) || 1));
  const input: CompareEstimateInput = {
    models,
    request: { fields, locale: language },
    products: mode === "ids" ? { kind: "ids", ids: picked.map((product) => product.id) } : { kind: "sample", filter: { query, missing, tooLong: "", vendor: "", productType: "", status: "" }, size: sampleSize },
  };
  const payload = JSON.stringify(input);
  const [estimatedPayload, setEstimatedPayload] = useState<string | null>(null);
  const estimate = estimator.data?.ok ? estimator.data.estimate : null;
  const stale = estimate !== null && estimatedPayload !== payload;
  const failure = [starter.data, estimator.data].find((entry): entry is Extract<ActionData, { ok: false }> => entry !== undefined && !entry.ok);
  const canEstimate = models.length >= COMPARE_MIN_MODELS && fields.length > 0 && (mode === "sample" || picked.length > 0);
  const start: CompareStartInput | null = estimate && !stale ? { models, request: { fields, locale: language }, productIds: estimate.products.map((product) => product.id) } : null;
  const unpricedColumns = estimate?.columns.filter((column) => column.refusal === null && column.costMicros === null) ?? [];
  const knownCost = estimate?.columns.reduce((sum, column) => sum + (column.costMicros ?? 0), 0) ?? 0;
  const runnable = start !== null && estimate !== null && estimate.budget.ok && estimate.columns.every((column) => column.refusal === null);
  // A backend no longer configured keeps its id as its name (never a catalogue key).
  const wording = (backendId: string) => data.backendWordings.find((entry) => entry.id === backendId) ?? { id: backendId, operator: { extendsId: backendId, label: backendId, hint: null, emulated: false, emulatedKey: null } };

  const setModel = (index: number, change: Partial<CompareModel>) => setModels((current) => current.map((model, at) => (at === index ? { ...model, ...change } : model)));
  const money = (micros: number | null) => (micros === null ? t("compare.unpriced") : formatUsd(micros, locale));

  return (
    <Page title={t("compare.title")} subtitle={t("compare.subtitle")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("compare.modelsHeading")}
                </Text>
                <Text as="p" tone="subdued">
                  {t("compare.modelsHelp", { min: COMPARE_MIN_MODELS, max: COMPARE_MAX_MODELS })}
                </Text>
                {models.map((model, index) => {
                  const backend = data.backends.find((entry) => entry.id === model.backendId);
                  return (
                    <InlineGrid key={index} columns={{ xs: 1, md: "2fr 2fr auto" }} gap="300" alignItems="start">
                      <Select
                        label={t("compare.backend", { number: index + 1 })}
                        options={data.backends.map((entry) => ({ value: entry.id, label: entry.ready ? `✓ ${backendLabel(t, entry)}` : `${backendLabel(t, entry)} — ${t("jobs.start.notReady")}` }))}
                        value={model.backendId}
                        onChange={(value) => setModel(index, { backendId: value, modelId: data.backends.find((entry) => entry.id === value)?.suggestedModels[0] ?? "default" })}
                      />
                      <TextField
                        label={t("compare.model", { number: index + 1 })}
                        value={model.modelId}
                        onChange={(value) => setModel(index, { modelId: value })}
                        autoComplete="off"
                        helpText={backend?.suggestedModels.length ? backend.suggestedModels.join(", ") : undefined}
                      />
                      {/* Level with the fields under their labels. */}
                      <Box paddingBlockStart="600">
                        <Button disabled={models.length <= COMPARE_MIN_MODELS} onClick={() => setModels((current) => current.filter((_entry, at) => at !== index))} accessibilityLabel={t("compare.removeModel", { number: index + 1 })}>
                          {t("compare.remove")}
                        </Button>
                      </Box>
                    </InlineGrid>
                  );
                })}
                <InlineStack>
                  <Button
                    disabled={models.length >= COMPARE_MAX_MODELS}
                    onClick={() => {
                      const next = data.backends.find((entry) => !models.some((model) => model.backendId === entry.id)) ?? data.backends[0];
                      if (next) setModels((current) => [...current, { backendId: next.id, modelId: next.suggestedModels[0] ?? "default" }]);
                    }}
                  >
                    {t("compare.addModel")}
                  </Button>
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("compare.productsHeading")}
                </Text>
                <ChoiceList
                  title={t("compare.productsHeading")}
                  titleHidden
                  choices={[
                    { value: "ids", label: t("compare.picked", { count: picked.length }) },
                    { value: "sample", label: t("compare.sample") },
                  ]}
                  selected={[mode]}
                  onChange={(selected) => setMode(selected[0] === "ids" ? "ids" : "sample")}
                />
                {mode === "ids" ? (
                  <ProductPicker
                    picked={picked}
                    max={COMPARE_MAX_PRODUCTS}
                    onAdd={(product) => setPicked((current) => (current.length >= COMPARE_MAX_PRODUCTS || current.some((entry) => entry.id === product.id) ? current : [...current, product]))}
                    onRemove={(id) => setPicked((current) => current.filter((entry) => entry.id !== id))}
                  />
                ) : (
                  <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
                    <TextField label={t("compare.sampleSize", { max: COMPARE_MAX_PRODUCTS })} type="number" min={1} max={COMPARE_MAX_PRODUCTS} value={size} onChange={setSize} autoComplete="off" />
                    <Select
                      label={t("compare.missing")}
                      options={MISSING.map((value) => ({ value, label: value === "" ? t("compare.anyProduct") : t(`compare.missingOptions.${value}`) }))}
                      value={missing}
                      onChange={(value) => setMissing(MISSING.find((entry) => entry === value) ?? "")}
                    />
                    <TextField label={t("compare.titleContains")} value={query} onChange={setQuery} autoComplete="off" />
                  </InlineGrid>
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("compare.whatHeading")}
                </Text>
                <InlineStack gap="400">
                  {COPY_FIELDS.map((field) => (
                    <Checkbox
                      key={field}
                      label={t(`product.fields.${field}`)}
                      checked={fields.includes(field)}
                      onChange={(checked) => setFields((current) => (checked ? [...current, field] : current.filter((entry) => entry !== field)))}
                    />
                  ))}
                </InlineStack>
                <Box maxWidth="240px">
                  <Select label={t("compare.language")} options={data.locales.map((value) => ({ value, label: value }))} value={language} onChange={setLanguage} />
                </Box>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("compare.estimateHeading")}
                </Text>
                {estimate ? (
                  <BlockStack gap="300" id="compare-estimate">
                    {stale ? <Banner tone="warning">{t("compare.estimateStale")}</Banner> : null}
                    <Text as="p">{t("compare.estimateProducts", { count: estimate.products.length })}</Text>
                    <BlockStack gap="050">
                      {estimate.products.map((product) => (
                        <Text as="p" key={product.id} variant="bodySm" tone="subdued" truncate>
                          {product.title || t("compare.untitled")}
                        </Text>
                      ))}
                    </BlockStack>
                    {estimate.columns.map((column) => (
                      <BlockStack key={`${column.backendId}/${column.modelId}`} gap="050">
                        <Text as="p" fontWeight="semibold" breakWord>
                          {modelLabel(t, wording(column.backendId), column.modelId)}
                        </Text>
                        {column.refusal ? (
                          <Text as="p" tone="critical">
                            {compareErrorText(t, { code: column.refusal, params: { backendId: column.backendId } }, locale)}
                          </Text>
                        ) : (
                          <Text as="p" tone="subdued" variant="bodySm">
                            {t("compare.estimateLine", {
                              count: column.modelCalls,
                              calls: formatCount(column.modelCalls, locale),
                              input: formatCount(column.inputTokens, locale),
                              output: formatCount(column.outputTokens, locale),
                              cost: money(column.costMicros),
                            })}
                          </Text>
                        )}
                      </BlockStack>
                    ))}
                    <InlineStack align="space-between">
                      <Text as="span" fontWeight="semibold">
                        {t("compare.estimateTotal")}
                      </Text>
                      <Text as="span" fontWeight="semibold">
                        {estimate.totalCostMicros !== null ? formatUsd(estimate.totalCostMicros, locale) : t("compare.unpricedModels", { count: unpricedColumns.length, total: formatUsd(knownCost, locale) })}
                      </Text>
                    </InlineStack>
                    {estimate.budget.ok ? (
                      estimate.budget.remainingAfterMicros !== null ? (
                        <Text as="p" tone="subdued" variant="bodySm">
                          {t("compare.budgetLeft", { amount: formatUsd(estimate.budget.remainingAfterMicros, locale) })}
                        </Text>
                      ) : null
                    ) : (
                      <Banner tone="critical">{compareErrorText(t, { code: estimate.budget.code, params: estimate.budget.params }, locale)}</Banner>
                    )}
                    <Text as="p" tone="subdued" variant="bodySm">
                      {t("compare.estimateNote")}
                    </Text>
                  </BlockStack>
                ) : (
                  <Text as="p" tone="subdued">
                    {t("compare.estimateFirst")}
                  </Text>
                )}
              </BlockStack>
            </Card>
            {failure ? <Banner tone="critical">{compareErrorText(t, { code: failure.error, params: failure.params }, locale)}</Banner> : null}
            <BlockStack gap="200">
              <Button variant="primary" fullWidth disabled={!runnable} loading={starter.state !== "idle"} onClick={() => start && starter.submit({ intent: "start", payload: JSON.stringify(start) }, { method: "post" })}>
                {t("compare.run")}
              </Button>
              <Button
                fullWidth
                disabled={!canEstimate}
                loading={estimator.state !== "idle"}
                onClick={() => {
                  setEstimatedPayload(payload);
                  estimator.submit({ intent: "estimate", payload }, { method: "post" });
                }}
              >
                {estimate ? t("compare.reestimate") : t("compare.estimate")}
              </Button>
            </BlockStack>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                {t("compare.historyHeading")}
              </Text>
              {data.history.length === 0 ? (
                <Text as="p" tone="subdued">
                  {t("compare.historyEmpty")}
                </Text>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
                  headings={[t("compare.historyWhen"), t("compare.historyModels"), t("compare.historyProducts"), t("compare.historyCost"), ""]}
                  rows={data.history.map((entry) => [
                    new Date(entry.createdAt).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }),
                    <InlineStack key="models" gap="100">
                      {entry.models.map((model) => (
                        <Badge key={`${model.backendId}/${model.modelId}`}>{modelLabel(t, wording(model.backendId), model.modelId)}</Badge>
                      ))}
                      {entry.status !== "done" ? <Badge tone={entry.status === "running" ? "info" : "attention"}>{t(`compare.status.${entry.status}`)}</Badge> : null}
                    </InlineStack>,
                    formatCount(entry.products, locale),
                    entry.unpricedModels > 0 ? t("compare.unpricedModels", { count: entry.unpricedModels, total: formatUsd(entry.costMicros, locale) }) : formatUsd(entry.costMicros, locale),
                    <RemixLink key="open" to={`/app/compare/${entry.id}`}>
                      {t("compare.open")}
                    </RemixLink>,
                  ])}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
