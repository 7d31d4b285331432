import { Banner, BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { formatCount, formatDuration, formatUsd } from "~/components/shared/format";
import type { BudgetPosition, JobEstimate } from "~/jobs/types";

export type EstimateRefusal =
  | { code: "budget_exceeded"; numbers: { capMicros: number; spentMicros: number; reservedByOtherJobsMicros: number; estimateMicros: number; scope: "shop" | "operator" } }
  | { code: "unpriced_model"; backendId: string; modelId: string };

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" variant="headingSm">
        {value}
      </Text>
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
        <InlineGrid columns={{ xs: 2, md: 3 }} gap="300">
          <Figure label={t("jobs.estimate.products")} value={count(estimate.products)} />
          <Figure label={t("jobs.estimate.modelCalls")} value={count(estimate.modelCalls)} />
          <Figure label={t("jobs.estimate.inputTokens")} value={t("jobs.estimate.inputTokensValue", { total: count(estimate.inputTokens), cached: count(estimate.cachedInputTokens) })} />
          <Figure label={t("jobs.estimate.outputTokens")} value={count(estimate.outputTokens)} />
          <Figure label={t("jobs.estimate.cost")} value={estimate.costMicros === null ? t("jobs.estimate.notPriced") : usd(estimate.costMicros)} />
          <Figure label={t("jobs.estimate.duration")} value={estimate.durationSeconds === null ? t("jobs.estimate.durationUnknown") : formatDuration(estimate.durationSeconds, locale)} />
        </InlineGrid>
        <Text as="p" tone="subdued" variant="bodySm">
          {t("jobs.estimate.basis", { count: estimate.basis.sampledProducts, date: estimate.priceTableDate })}
        </Text>
        <BlockStack gap="100">
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
            <>
              <Text as="p">
                {t("jobs.estimate.budgetLine", {
                  spent: usd(budget.spentMicros),
                  reserved: usd(budget.reservedByOtherJobsMicros),
                  job: usd(jobCost),
                  total: usd(budget.spentMicros + budget.reservedByOtherJobsMicros + jobCost),
                  cap: usd(budget.capMicros),
                })}
              </Text>
              {budget.remainingAfterMicros !== null ? <Text as="p" tone="subdued">{t("jobs.estimate.remaining", { amount: usd(budget.remainingAfterMicros) })}</Text> : null}
            </>
          )}
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
