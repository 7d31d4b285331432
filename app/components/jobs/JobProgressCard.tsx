import { Badge, BlockStack, Card, InlineGrid, InlineStack, List, ProgressBar, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { formatCount, formatDuration, formatUsd } from "~/components/shared/format";
import { ITEM_STATUSES, type JobProgress } from "~/jobs/types";
import type { LedgerCost } from "~/usage/cost.server";
import { settledCount } from "./JobsList";
import { errorText, itemStatusTone, jobStatusTone } from "./job-text";

const ERRORS_BOX_HEIGHT = 132;

function Figure({ label, value, id }: { label: string; value: string; id?: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" variant="headingSm" id={id}>
        {value}
      </Text>
    </BlockStack>
  );
}

/** The job's progress bar, counts by state, throughput, time left, cost against the estimate, and its latest errors in words. */
export function JobProgressCard({ progress, cost, live, productTitles }: { progress: JobProgress; cost: LedgerCost; live: boolean; productTitles: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const settled = settledCount(progress);
  const percent = progress.total === 0 ? 0 : Math.min(100, (settled / progress.total) * 100);
  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {t("jobs.page.progressHeading")}
            </Text>
            <Badge tone={jobStatusTone(progress.status)}>{t(`jobs.status.${progress.status}`)}</Badge>
          </InlineStack>
          {/* Always laid out, shown only while polling: the page does not move when the job finishes. */}
          <span style={{ visibility: live ? "visible" : "hidden" }}>
            <Text as="span" tone="subdued" variant="bodySm">
              {t("jobs.page.live")}
            </Text>
          </span>
        </InlineStack>
        <BlockStack gap="100">
          <ProgressBar progress={percent} tone={progress.status === "failed" ? "critical" : progress.counts.failed > 0 ? "highlight" : "primary"} animated={live} />
          <Text as="p" id="job-progress-line">
            {t("jobs.page.progressLine", { count: settled, settled: formatCount(settled, locale), total: formatCount(progress.total, locale) })}
          </Text>
        </BlockStack>
        <InlineGrid columns={{ xs: 1, md: 3 }} gap="300">
          <Figure
            label={t("jobs.page.throughput")}
            value={progress.throughputPerMinute === null ? t("jobs.page.unknown") : t("jobs.page.throughputValue", { count: progress.throughputPerMinute, rate: formatCount(progress.throughputPerMinute, locale) })}
          />
          <Figure label={t("jobs.page.eta")} value={progress.etaSeconds === null ? t("jobs.page.unknown") : formatDuration(progress.etaSeconds, locale)} />
          <Figure
            id="job-cost"
            label={t("jobs.page.costSoFar")}
            value={
              progress.estimate.costMicros === null
                ? t("jobs.page.costUnpriced", { spent: formatUsd(cost.spendMicros, locale) })
                : t("jobs.page.costValue", { spent: formatUsd(cost.spendMicros, locale), estimate: formatUsd(progress.estimate.costMicros, locale) })
            }
          />
        </InlineGrid>
        {cost.unpriced > 0 ? (
          <Text as="p" tone="caution" variant="bodySm">
            {t("jobs.page.costUnpricedCalls", { count: cost.unpriced })}
          </Text>
        ) : null}
        <BlockStack gap="200">
          <Text as="h3" variant="headingSm">
            {t("jobs.page.countsHeading")}
          </Text>
          <InlineStack gap="200">
            {ITEM_STATUSES.map((status) => (
              <span key={status} data-item-count={status}>
                <Badge tone={progress.counts[status] > 0 ? itemStatusTone(status) : undefined}>{`${t(`jobs.itemStatus.${status}`)} · ${formatCount(progress.counts[status], locale)}`}</Badge>
              </span>
            ))}
          </InlineStack>
        </BlockStack>
        {progress.error ? (
          <Text as="p" tone="critical">
            {t("jobs.page.jobError", { reason: errorText(t, progress.error) })}
          </Text>
        ) : null}
        <BlockStack gap="100">
          <Text as="h3" variant="headingSm">
            {t("jobs.page.errorsHeading")}
          </Text>
          {/* A fixed-height box: errors arriving never push the review down. */}
          <div style={{ height: ERRORS_BOX_HEIGHT, overflowY: "auto" }} data-recent-errors>
            {progress.recentErrors.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("jobs.page.noErrors")}
              </Text>
            ) : (
              <List>
                {progress.recentErrors.map((entry) => (
                  <List.Item key={entry.itemId}>
                    <Text as="span" breakWord>
                      {`${productTitles[entry.productId] ?? entry.productId.split("/").pop()} · ${new Date(entry.at).toLocaleTimeString(locale)} — ${errorText(t, entry.error)}`}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </div>
        </BlockStack>
      </BlockStack>
    </Card>
  );
}
