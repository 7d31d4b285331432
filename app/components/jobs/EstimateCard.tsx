import { Banner, BlockStack, Card, Divider, InlineStack, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { formatCount, formatDuration, formatUsd } from "~/components/shared/format";
import type { BudgetPosition, JobEstimate } from "~/jobs/types";

export type EstimateRefusal =
  | { code: "budget_exceeded"; numbers: { capMicros: number; spentMicros: number; reservedByOtherJobsMicros: number; estimateMicros: number; scope: "shop" | "operator" } }
  | { code: "unpriced_model"; backendId: string; modelId: string };

/**
 * One figure as a row: the label, and its short value at the end of the line, with an optional detail line (the
 * why of an unknown value, the cached share of the tokens) under it. The card sits in the page's narrow column,
 * in words as long as the French ones: rows read at any width where a grid of three cramped them.
 */
function Figure({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <BlockStack gap="025">
      <div data-estimate-figure>
        {/* Never wraps: a long label breaks over two lines beside its value, the value stays on the first. */}
        <InlineStack align="space-between" blockAlign="baseline" gap="200" wrap={false}>
          <Text as="span" tone="subdued">
            {label}
          </Text>
          <Text as="span" fontWeight="semibold">
            {value}
          </Text>
        </InlineStack>
      </div>
      {detail ? (
        <Text as="p" tone="subdued" variant="bodySm" alignment="end">
          {detail}
        </Text>
      ) : null}
    </BlockStack>
  );
}

/** The estimate before a start: size, tokens, cost, duration, and where the month's budget stands. */
export function EstimateCard({ estimate, budget, refusal, stale }: { estimate: JobEstimate; budget: BudgetPosition | null; refusal: EstimateRefusal | null; stale: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const usd = (micros: number) => formatUsd(micros, locale);
  const count = (value: number) => formatCount(value, locale);
  const jobCost = estimate.costMicros ?? 0;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("jobs.estimate.heading")}
        </Text>
        {stale ? <Banner tone="warning">{t("jobs.start.estimateStale")}</Banner> : null}
        <BlockStack gap="200">
          <Figure label={t("jobs.estimate.products")} value={count(estimate.products)} />
          <Figure label={t("jobs.estimate.modelCalls")} value={count(estimate.modelCalls)} />
          <Figure label={t("jobs.estimate.inputTokens")} value={count(estimate.inputTokens)} detail={t("jobs.estimate.inputTokensCached", { cached: count(estimate.cachedInputTokens) })} />
          <Figure label={t("jobs.estimate.outputTokens")} value={count(estimate.outputTokens)} />
          {estimate.costMicros === null ? (
            <Figure label={t("jobs.estimate.cost")} value={t("jobs.estimate.notPriced")} detail={t("jobs.estimate.notPricedWhy")} />
          ) : (
            <Figure label={t("jobs.estimate.cost")} value={usd(estimate.costMicros)} />
          )}
          {estimate.durationSeconds === null ? (
            <Figure label={t("jobs.estimate.duration")} value={t("jobs.estimate.durationUnknown")} detail={t("jobs.estimate.durationUnknownWhy")} />
          ) : (
            <Figure label={t("jobs.estimate.duration")} value={formatDuration(estimate.durationSeconds, locale)} />
          )}
        </BlockStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {t("jobs.estimate.basis", { count: estimate.basis.sampledProducts, date: estimate.priceTableDate })}
        </Text>
        <Divider />
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("jobs.estimate.budgetHeading")}
          </Text>
          {refusal?.code === "budget_exceeded" ? (
            <Banner tone="critical">
              {t("jobs.estimate.refusedBudget", {
                scope: t(`jobs.estimate.scope.${refusal.numbers.scope}`),
                spent: usd(refusal.numbers.spentMicros),
                reserved: usd(refusal.numbers.reservedByOtherJobsMicros),
                job: usd(refusal.numbers.estimateMicros),
                total: usd(refusal.numbers.spentMicros + refusal.numbers.reservedByOtherJobsMicros + refusal.numbers.estimateMicros),
                cap: usd(refusal.numbers.capMicros),
              })}
            </Banner>
          ) : refusal?.code === "unpriced_model" ? (
            <Banner tone="critical">{t("jobs.estimate.refusedUnpriced", { model: `${refusal.backendId} · ${refusal.modelId}` })}</Banner>
          ) : budget === null || budget.capMicros === null ? (
            <Text as="p">{t("jobs.estimate.noCap")}</Text>
          ) : (
            <BlockStack gap="200">
              <Figure label={t("jobs.estimate.budgetSpent")} value={usd(budget.spentMicros)} />
              <Figure label={t("jobs.estimate.budgetReserved")} value={usd(budget.reservedByOtherJobsMicros)} />
              <Figure label={t("jobs.estimate.budgetJob")} value={usd(jobCost)} />
              <Figure label={t("jobs.estimate.budgetTotal")} value={usd(budget.spentMicros + budget.reservedByOtherJobsMicros + jobCost)} />
              <Figure label={t("jobs.estimate.budgetCap")} value={usd(budget.capMicros)} />
              {budget.remainingAfterMicros !== null ? (
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("jobs.estimate.remaining", { amount: usd(budget.remainingAfterMicros) })}
                </Text>
              ) : null}
            </BlockStack>
          )}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
