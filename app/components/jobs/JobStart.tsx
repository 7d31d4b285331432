import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, ChoiceList, InlineGrid, InlineStack, InlineError, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { COPY_FIELDS, type CopyField } from "~/copy/types";
import { backendLabel } from "~/i18n/backend-text";
import type { JobMode, JobSelection, StartJobInput } from "~/jobs/types";
import type { StartForm } from "~/jobs/start-form.server";
import type { EstimateAnswer } from "~/jobs/service.server";
import { EstimateCard } from "./EstimateCard";
import { errorText } from "./job-text";

type ActionData = { intent: "estimate"; ok: true; answer: EstimateAnswer } | { ok: false; error: string; errors: Record<string, string>; params: Record<string, string | number> };

/** The "write copy in bulk" page: products, choices, the estimate, then start. */
export function JobStart(form: StartForm) {
  const { t, i18n } = useTranslation();
  const estimator = useFetcher<ActionData>();
  const starter = useFetcher<ActionData>();
  const [wholeCatalog, setWholeCatalog] = useState(form.selection.kind === "all");
  const [fields, setFields] = useState<CopyField[]>(form.defaults.fields);
  const [locales, setLocales] = useState<string[]>(form.defaults.locales);
  const [backendId, setBackendId] = useState(form.model.backendId);
  const [modelId, setModelId] = useState(form.model.modelId);
  const [instruction, setInstruction] = useState("");
  const [mode, setMode] = useState<JobMode>("review");
  const selection: JobSelection = wholeCatalog ? { kind: "all" } : form.selection;
  const input: StartJobInput = { selection, mode, request: { fields, locales, backendId, modelId, ...(instruction.trim() ? { extraInstruction: instruction.trim() } : {}) } };
  const payload = JSON.stringify(input);
  const estimated = estimator.data && estimator.data.ok ? estimator.data.answer : null;
  const [estimatedPayload, setEstimatedPayload] = useState<string | null>(null);
  const stale = estimated !== null && estimatedPayload !== payload;
  const refusal = estimated?.refusal ?? null;
  const failure = [starter.data, estimator.data].find((entry): entry is Extract<ActionData, { ok: false }> => entry !== undefined && !entry.ok);
  const fieldError = (path: string) => (failure ? Object.entries(failure.errors).find(([key]) => key.endsWith(path))?.[1] : undefined);
  const count = wholeCatalog ? form.counts.catalog : form.counts.selected;
  const backend = form.backends.find((entry) => entry.id === backendId);

  const estimate = () => {
    setEstimatedPayload(payload);
    estimator.submit({ intent: "estimate", payload }, { method: "post" });
  };

  return (
    <Page title={t("jobs.start.title")} backAction={{ content: t("products.title"), url: "/app/products" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  {t("jobs.start.selectionHeading")}
                </Text>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="p" variant="headingSm" id="job-selection">
                    {t(`jobs.start.selection.${selection.kind}`, { count })}
                  </Text>
                  {form.selection.kind !== "all" ? (
                    <Button variant="plain" onClick={() => setWholeCatalog((current) => !current)}>
                      {wholeCatalog ? t("jobs.start.useChosen") : t("jobs.start.useWholeCatalog")}
                    </Button>
                  ) : null}
                </InlineStack>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="400">
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("jobs.start.fieldsHeading")}
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
                  {fieldError("request.fields") ? <InlineError message={fieldError("request.fields")!} fieldID="job-fields" /> : null}
                </BlockStack>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("jobs.start.languagesHeading")}
                  </Text>
                  <InlineStack gap="400">
                    {form.locales.published.map((locale) => (
                      <Checkbox
                        key={locale}
                        label={locale === form.locales.primary ? t("jobs.start.primaryLanguage", { locale }) : locale}
                        checked={locales.includes(locale)}
                        onChange={(checked) => setLocales((current) => (checked ? [...current, locale] : current.filter((entry) => entry !== locale)))}
                      />
                    ))}
                  </InlineStack>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("jobs.start.languagesHelp")}
                  </Text>
                  {fieldError("request.locales") ? <InlineError message={fieldError("request.locales")!} fieldID="job-locales" /> : null}
                </BlockStack>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("jobs.start.backendHeading")}
                  </Text>
                  <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                    <Select
                      label={t("jobs.start.backend")}
                      options={form.backends.map((entry) => ({ value: entry.id, label: entry.ready ? `✓ ${backendLabel(t, entry)}` : `${backendLabel(t, entry)} — ${t("jobs.start.notReady")}` }))}
                      value={backendId}
                      onChange={(value) => {
                        setBackendId(value);
                        setModelId(form.backends.find((entry) => entry.id === value)?.suggestedModels[0] ?? "default");
                      }}
                      error={fieldError("request.backendId")}
                    />
                    <TextField
                      label={t("jobs.start.model")}
                      value={modelId}
                      onChange={setModelId}
                      autoComplete="off"
                      helpText={backend?.suggestedModels.length ? backend.suggestedModels.join(", ") : undefined}
                      error={fieldError("request.modelId")}
                    />
                  </InlineGrid>
                  <TextField
                    label={t("jobs.start.instruction")}
                    value={instruction}
                    onChange={setInstruction}
                    autoComplete="off"
                    maxLength={500}
                    helpText={t("jobs.start.instructionHelp")}
                    error={fieldError("request.extraInstruction")}
                  />
                </BlockStack>
                <ChoiceList
                  title={t("jobs.start.modeHeading")}
                  choices={[
                    { value: "review", label: t("jobs.start.modeReview") },
                    { value: "auto_apply", label: t("jobs.start.modeAuto") },
                  ]}
                  selected={[mode]}
                  onChange={(selected) => setMode(selected[0] === "auto_apply" ? "auto_apply" : "review")}
                />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            {estimated ? (
              <EstimateCard estimate={estimated.estimate} budget={estimated.budget} refusal={refusal} stale={stale} />
            ) : (
              <Card>
                <Text as="p" tone="subdued">
                  {t("jobs.start.estimateFirst")}
                </Text>
              </Card>
            )}
            {failure ? <Banner tone="critical">{errorText(t, { code: failure.error, params: failure.params }, i18n.language)}</Banner> : null}
            {/* Stacked at the column's width: two buttons side by side do not fit it in every language. */}
            <BlockStack gap="200">
              <Button
                variant="primary"
                fullWidth
                loading={starter.state !== "idle"}
                disabled={!estimated || stale || refusal !== null || fields.length === 0 || locales.length === 0}
                onClick={() => starter.submit({ intent: "start", payload }, { method: "post" })}
              >
                {t("jobs.start.start")}
              </Button>
              <Button fullWidth onClick={estimate} loading={estimator.state !== "idle"} disabled={fields.length === 0 || locales.length === 0}>
                {estimated ? t("jobs.start.reestimate") : t("jobs.start.estimate")}
              </Button>
            </BlockStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
