import { Link as RemixLink, useFetcher, useNavigation, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Divider, InlineGrid, InlineStack, Layout, List, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { issueText } from "~/components/shared/issue-text";
import { COMPARE_EXTRAPOLATE_TO, type ColumnTotals, type CompareApplyResult, type ComparedValue, type ComparisonResultView, type ComparisonView } from "~/compare/types";
import type { CopyField } from "~/copy/types";
import { RenderedDescription } from "~/components/product/DescriptionReview";
import { formatCount, formatUsd } from "~/components/shared/format";
import { usePoll } from "~/components/shared/use-poll";
import { compareErrorText, modelLabel } from "./compare-text";

type ActionData =
  | { ok: true; intent: "vote" | "delete" }
  | { ok: true; intent: "use"; as: "primary" | "fallback" }
  | { ok: true; intent: "apply"; productId: string; column: number; apply: CompareApplyResult }
  | { ok: false; error: string; errors: Record<string, string>; params: Record<string, string | number> };

const numericId = (gid: string) => gid.split("/").at(-1) ?? "";

/** One comparison: per model totals and wins, then every product side by side, field by field; votes, default, apply. */
export function ComparisonPage({ comparison }: { comparison: ComparisonView }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const actions = useFetcher<ActionData>();
  const running = comparison.status === "running";
  usePoll({ active: running, settled: revalidator.state === "idle" && navigation.state === "idle", latest: comparison, read: () => revalidator.revalidate() });

  const post = (payload: object) => actions.submit({ payload: JSON.stringify(payload) }, { method: "post" });
  const label = (column: number) => {
    const model = comparison.models[column]!;
    return modelLabel(t, model.wording, model.modelId);
  };
  const finished = comparison.results.filter((result) => result.status === "done" || result.status === "failed").length;
  const failure = actions.data && !actions.data.ok ? actions.data : null;
  const columns = comparison.models.length;
  const grid = { xs: 1, md: columns } as const;

  return (
    <Page
      title={t("compare.detailTitle")}
      subtitle={new Date(comparison.createdAt).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" })}
      backAction={{ content: t("compare.title"), url: "/app/compare" }}
      secondaryActions={[{ content: t("compare.delete"), destructive: true, disabled: running, onAction: () => post({ intent: "delete" }) }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {running ? (
              <Banner tone="info" title={t("compare.runningTitle")}>
                {t("compare.running", { done: finished, total: comparison.results.length })}
              </Banner>
            ) : null}
            {comparison.status === "interrupted" ? <Banner tone="warning">{t("compare.errors.interrupted")}</Banner> : null}
            {failure ? <Banner tone="critical">{compareErrorText(t, { code: failure.error, params: failure.params }, locale)}</Banner> : null}
            {actions.data?.ok && actions.data.intent === "use" ? <Banner tone="success">{actions.data.as === "primary" ? t("compare.usedAsDefault") : t("compare.usedAsFallback")}</Banner> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {t("compare.summaryHeading")}
                </Text>
                <InlineGrid columns={grid} gap="300">
                  {comparison.totals.map((totals) => (
                    <Totals key={totals.column} totals={totals} label={label(totals.column)} comparison={comparison} onUse={(as) => post({ intent: "use", column: totals.column, as })} busy={actions.state !== "idle"} />
                  ))}
                </InlineGrid>
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("compare.summaryNote", { formatted: formatCount(COMPARE_EXTRAPOLATE_TO, locale) })}
                </Text>
              </BlockStack>
            </Card>
            {comparison.products.map((product) => (
              <ProductComparison key={product.id} comparison={comparison} product={product} label={label} onVote={(field, column) => post({ intent: "vote", productId: product.id, field, column })} onApply={(column) => post({ intent: "apply", productId: product.id, column })} actions={actions.data} busy={actions.state !== "idle"} />
            ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200" wrap={false}>
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span" variant="bodySm" fontWeight="semibold" alignment="end">
        {value}
      </Text>
    </InlineStack>
  );
}

function Totals({ totals, label, comparison, onUse, busy }: { totals: ColumnTotals; label: string; comparison: ComparisonView; onUse: (as: "primary" | "fallback") => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const same = (entry: { backendId: string; modelId: string }) => entry.backendId === totals.backendId && entry.modelId === totals.modelId;
  const isDefault = same(comparison.settings.primary);
  const isFallback = comparison.settings.fallbacks.some(same);
  const money = (micros: number | null) => (micros === null ? t("compare.unpriced") : formatUsd(micros, locale));
  const seconds = (ms: number | null) => (ms === null ? "—" : t("compare.seconds", { value: formatCount(ms / 1000, locale) }));
  return (
    <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200" data-compare-column={totals.column}>
      <BlockStack gap="150">
        <Text as="h3" variant="headingSm" breakWord>
          {label}
        </Text>
        <InlineStack gap="100">
          <Badge tone={totals.wins > 0 ? "success" : undefined}>{t("compare.wins", { count: totals.wins })}</Badge>
          {isDefault ? <Badge tone="info">{t("compare.isDefault")}</Badge> : null}
          {isFallback ? <Badge>{t("compare.isFallback")}</Badge> : null}
        </InlineStack>
        <Figure label={t("compare.productsDone")} value={totals.failed > 0 ? t("compare.doneFailed", { done: totals.done, failed: totals.failed }) : formatCount(totals.done, locale)} />
        <Figure label={t("compare.cost")} value={money(totals.costMicros)} />
        <Figure label={t("compare.perThousand", { formatted: formatCount(COMPARE_EXTRAPOLATE_TO, locale) })} value={money(totals.costPerThousandMicros)} />
        <Figure label={t("compare.tokensIn")} value={`${formatCount(totals.inputTokens, locale)} (${t("compare.cached", { count: totals.cachedInputTokens, formatted: formatCount(totals.cachedInputTokens, locale) })})`} />
        <Figure label={t("compare.tokensOut")} value={formatCount(totals.outputTokens, locale)} />
        <Figure label={t("compare.slowest")} value={seconds(totals.maxLatencyMs)} />
        <Figure label={t("compare.checks")} value={`${t("compare.hardFailures", { count: totals.hardFailures })}, ${t("compare.warnings", { count: totals.warnings })}`} />
        <InlineStack gap="200">
          <Button size="slim" variant="primary" disabled={isDefault || busy} onClick={() => onUse("primary")}>
            {t("compare.useAsDefault")}
          </Button>
          <Button size="slim" disabled={isDefault || isFallback || busy} onClick={() => onUse("fallback")}>
            {t("compare.useAsFallback")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

function ProductComparison(props: {
  comparison: ComparisonView;
  product: { id: string; title: string };
  label: (column: number) => string;
  onVote: (field: CopyField, column: number | null) => void;
  onApply: (column: number) => void;
  actions: ActionData | undefined;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { comparison, product } = props;
  const results = comparison.models.map((_model, column) => comparison.results.find((result) => result.productId === product.id && result.column === column));
  const grid = { xs: 1, md: comparison.models.length } as const;
  const applied = props.actions?.ok && props.actions.intent === "apply" && props.actions.productId === product.id ? props.actions : null;
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            <RemixLink to={`/app/products/${numericId(product.id)}`}>{product.title || t("compare.untitled")}</RemixLink>
          </Text>
        </InlineStack>
        <InlineGrid columns={grid} gap="300">
          {results.map((result, column) => (
            <BlockStack key={column} gap="100">
              <Text as="h3" variant="headingSm" breakWord>
                {props.label(column)}
              </Text>
              <ResultLine result={result} />
              {result?.status === "done" ? (
                <InlineStack>
                  <Button size="slim" disabled={props.busy} onClick={() => props.onApply(column)}>
                    {t("compare.apply")}
                  </Button>
                </InlineStack>
              ) : null}
              {applied && applied.column === column ? (
                <Text as="p" variant="bodySm" tone={applied.apply.failed > 0 ? "critical" : "success"}>
                  {t("compare.applied", { written: applied.apply.written, skipped: applied.apply.skipped + applied.apply.refused, failed: applied.apply.failed })}
                </Text>
              ) : null}
            </BlockStack>
          ))}
        </InlineGrid>
        {comparison.request.fields.map((field) => {
          const vote = comparison.votes.find((entry) => entry.productId === product.id && entry.field === field);
          return (
            <BlockStack key={field} gap="200">
              <Divider />
              <Text as="h3" variant="headingSm">
                {t(`product.fields.${field}`)}
              </Text>
              <InlineGrid columns={grid} gap="300">
                {results.map((result, column) => (
                  <FieldCell key={column} field={field} result={result} label={props.label(column)} winner={vote?.column === column} onVote={() => props.onVote(field, vote?.column === column ? null : column)} busy={props.busy} locale={locale} />
                ))}
              </InlineGrid>
            </BlockStack>
          );
        })}
      </BlockStack>
    </Card>
  );
}

function ResultLine({ result }: { result: ComparisonResultView | undefined }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (!result || result.status === "queued" || result.status === "running") return <Badge tone="info">{t(`compare.resultStatus.${result?.status ?? "queued"}`)}</Badge>;
  if (result.status === "failed") {
    return (
      <Text as="p" tone="critical" data-compare-error>
        {compareErrorText(t, { code: result.errorKind ?? "unknown" }, locale)}
      </Text>
    );
  }
  return (
    <Text as="p" tone="subdued" variant="bodySm">
      {t("compare.resultLine", {
        time: t("compare.seconds", { value: formatCount((result.latencyMs ?? 0) / 1000, locale) }),
        input: formatCount(result.inputTokens, locale),
        cached: formatCount(result.cachedInputTokens, locale),
        output: formatCount(result.outputTokens, locale),
        cost: result.costMicros === null ? t("compare.unpriced") : formatUsd(result.costMicros, locale),
      })}
    </Text>
  );
}

function FieldCell({ field, result, label, winner, onVote, busy, locale }: { field: CopyField; result: ComparisonResultView | undefined; label: string; winner: boolean; onVote: () => void; busy: boolean; locale: string }) {
  const { t } = useTranslation();
  const values = result?.values.filter((value) => value.field === field) ?? [];
  if (!result || result.status !== "done") return <Box />;
  return (
    <Box padding="200" borderWidth="025" borderColor={winner ? "border-success" : "border"} borderRadius="200" background={winner ? "bg-surface-success" : "bg-surface"}>
      <BlockStack gap="200">
        {values.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("compare.noValue")}
          </Text>
        ) : (
          values.map((value, index) => <ValueView key={index} value={value} rendered={result.rendered[value.resourceId]} label={label} locale={locale} />)
        )}
        <InlineStack>
          <Button size="slim" pressed={winner} disabled={busy || values.length === 0} onClick={onVote} accessibilityLabel={t("compare.voteFor", { model: label, field: t(`product.fields.${field}`) })}>
            {winner ? t("compare.winner") : t("compare.vote")}
          </Button>
        </InlineStack>
      </BlockStack>
    </Box>
  );
}

function ValueView({ value, rendered, label, locale }: { value: ComparedValue & { characters: number }; rendered: string | undefined; label: string; locale: string }) {
  const { t } = useTranslation();
  const length = value.characters;
  return (
    <BlockStack gap="100">
      {value.field === "descriptionHtml" ? <RenderedDescription sanitizedHtml={rendered ?? ""} label={label} /> : <Text as="p" breakWord>{value.value}</Text>}
      <Text as="p" tone="subdued" variant="bodySm">
        {t("compare.length", { count: length, formatted: formatCount(length, locale) })}
      </Text>
      {value.hardFailures.length > 0 ? (
        <Banner tone="critical">
          <List type="bullet">
            {value.hardFailures.map((issue, index) => (
              <List.Item key={index}>{issueText(t, issue)}</List.Item>
            ))}
          </List>
        </Banner>
      ) : null}
      {value.warnings.length > 0 ? (
        <List type="bullet">
          {value.warnings.map((issue, index) => (
            <List.Item key={index}>
              <Text as="span" tone="caution" variant="bodySm">
                {issueText(t, issue)}
              </Text>
            </List.Item>
          ))}
        </List>
      ) : null}
    </BlockStack>
  );
}
