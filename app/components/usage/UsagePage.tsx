import { useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, DataTable, Divider, EmptyState, InlineGrid, Layout, Link, Page, Select, Text } from "@shopify/polaris";
import type { TFunction } from "i18next";
import { Fragment, useMemo, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { downloadFile } from "~/components/shared/download";
import { formatCount, formatUsd } from "~/components/shared/format";
import { DataFlowDetails } from "~/components/sovereignty/DataFlowDetails";
import { ResidencySwitch } from "~/components/sovereignty/ResidencySwitch";
import { backendLabel } from "~/i18n/backend-text";
import { TEMPLATES_MODEL_ID } from "~/models/backends/templates";
import type { loadUsagePage } from "~/usage/page.server";
import { PROJECTION_MIN_DAYS, USAGE_EXTRAPOLATE_TO, type SpendLine } from "~/usage/types";
import { SpendChart } from "./SpendChart";

export type UsagePageProps = Awaited<ReturnType<typeof loadUsagePage>>;

const outcomeText = (t: TFunction, outcome: string) => t(`settings.usage.outcomes.${outcome}`, { defaultValue: t("usage.otherOutcome") });

/** Where each configured backend sends product data, and the EU / self-hosted switch. */
function DataFlowsCard({ dataFlows }: { dataFlows: UsagePageProps["dataFlows"] }) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="400">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {t("sovereignty.heading")}
          </Text>
          <Text as="p" tone="subdued">
            {t("sovereignty.usageDescription")}
          </Text>
        </BlockStack>
        <ResidencySwitch euOnly={dataFlows.euOnly} />
        {dataFlows.flows.map((flow) => (
          <Fragment key={flow.backendId}>
            <Divider />
            <div data-data-flow={flow.backendId}>
              <DataFlowDetails flow={flow} role={flow.role} />
            </div>
          </Fragment>
        ))}
      </BlockStack>
    </Card>
  );
}

/** The latest calls whatever the month, each with its outcome: the list Settings used to carry. */
function RecentCallsCard({ recent, labelOf, locale }: { recent: UsagePageProps["recent"]; labelOf: (id: string) => string; locale: string }) {
  const { t } = useTranslation();
  if (recent.length === 0) return null;
  return (
    <TitledCard title={t("usage.recent.heading")}>
      <Text as="p" tone="subdued">
        {t("usage.recent.description")}
      </Text>
      <DataTable
        columnContentTypes={["text", "text", "text", "numeric", "numeric", "text", "text"]}
        headings={[
          t("usage.recent.columns.when"),
          t("usage.recent.columns.backend"),
          t("usage.recent.columns.model"),
          t("usage.recent.columns.tokens"),
          t("usage.recent.columns.cost"),
          t("usage.recent.columns.outcome"),
          t("usage.recent.columns.fallback"),
        ]}
        rows={recent.map((row) => [
          new Date(row.at).toLocaleString(locale),
          labelOf(row.backendId),
          row.modelId === TEMPLATES_MODEL_ID ? "—" : row.modelId,
          `${formatCount(row.inputTokens, locale)} / ${formatCount(row.outputTokens, locale)}`,
          row.costMicros === null ? t("usage.recent.unpriced") : formatUsd(row.costMicros, locale),
          <Badge key="outcome" tone={row.outcome === "ok" ? "success" : "critical"}>
            {outcomeText(t, row.outcome)}
          </Badge>,
          row.fallbackFrom ? labelOf(row.fallbackFrom) : "",
        ])}
      />
    </TitledCard>
  );
}

function Metric({ label, value, help }: { label: string; value: string; help?: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
        {help ? (
          <Text as="p" variant="bodySm" tone="subdued">
            {help}
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}

/** One section of the page: a card with its heading, then its content. */
function TitledCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

export function UsagePage({ summary, months, recent, dataFlows, backendWordings, jobCreatedAt }: UsagePageProps) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const locale = i18n.language;
  const labels = useMemo(() => new Map(backendWordings.map((wording) => [wording.id, backendLabel(t, wording)])), [backendWordings, t]);
  const labelOf = (backendId: string) => labels.get(backendId) ?? t("usage.unknownBackend");
  const jobName = (jobId: string) => {
    const created = jobCreatedAt[jobId];
    return t("usage.jobLink", { date: created ? new Date(created).toLocaleString(locale) : "—" });
  };
  const [exporting, setExporting] = useState(false);
  const [exportFailed, setExportFailed] = useState(false);
  const usd = (micros: number) => formatUsd(micros, locale);
  const percent = (value: number) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value);
  const monthLabel = (month: string) => new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
  const spendCell = (line: SpendLine) => (line.unpriced > 0 ? t("usage.spendWithUnpriced", { spend: usd(line.spendMicros), count: line.unpriced }) : usd(line.spendMicros));
  const picker = (
    <Select
      label={t("usage.month")}
      labelInline
      options={months.map((month) => ({ label: monthLabel(month), value: month }))}
      value={summary.month}
      onChange={(month) => navigate(`/app/usage?month=${month}`)}
    />
  );
  const exportAction = {
    content: t("usage.export"),
    loading: exporting,
    onAction: () => {
      setExporting(true);
      setExportFailed(false);
      downloadFile(`/app/usage/export?month=${summary.month}`, `plume-usage-${summary.month}.csv`)
        .catch(() => setExportFailed(true))
        .finally(() => setExporting(false));
    },
  };

  if (summary.total.calls === 0) {
    return (
      <Page title={t("usage.title")} subtitle={monthLabel(summary.month)}>
        <BlockStack gap="400">
          <Card>{picker}</Card>
          <Card>
            <EmptyState heading={t("usage.emptyHeading")} image="">
              <p>{t("usage.emptyBody")}</p>
            </EmptyState>
          </Card>
          <RecentCallsCard recent={recent} labelOf={labelOf} locale={locale} />
          <DataFlowsCard dataFlows={dataFlows} />
        </BlockStack>
      </Page>
    );
  }

  const { total, products, budget } = summary;
  const perProduct = products.count > 0 ? products.spendMicros / products.count : null;
  return (
    <Page title={t("usage.title")} subtitle={monthLabel(summary.month)} secondaryActions={[exportAction]}>
      <Layout>
        <Layout.Section>
          <Card>{picker}</Card>
        </Layout.Section>
        {exportFailed ? (
          <Layout.Section>
            <Banner tone="critical" onDismiss={() => setExportFailed(false)}>
              {t("usage.exportFailed")}
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 4 }} gap="400">
            <Metric label={t("usage.spend")} value={usd(total.spendMicros)} help={t("usage.calls", { count: total.calls, formatted: formatCount(total.calls, locale) })} />
            <Metric
              label={t("usage.perProduct")}
              value={perProduct === null ? "—" : usd(Math.round(perProduct))}
              help={
                perProduct === null
                  ? t("usage.noProducts")
                  : t("usage.perThousand", { cost: usd(Math.round(perProduct * USAGE_EXTRAPOLATE_TO)), per: formatCount(USAGE_EXTRAPOLATE_TO, locale), count: products.count, formatted: formatCount(products.count, locale) })
              }
            />
            <Metric label={t("usage.cacheShare")} value={total.inputTokens > 0 ? percent(total.cachedInputTokens / total.inputTokens) : "—"} help={t("usage.cacheHelp")} />
            <Metric
              label={t("usage.projected")}
              value={budget.projectedMicros !== null ? usd(budget.projectedMicros) : budget.projection === "too_early" ? t("usage.tooEarly") : t("usage.monthOver")}
              help={[
                budget.projection === "projected"
                  ? t("usage.projectedPace", { count: budget.paceDays })
                  : budget.projection === "too_early"
                    ? t("usage.projectedFrom", { count: PROJECTION_MIN_DAYS })
                    : null,
                budget.capMicros === null ? t("usage.noCap") : t("usage.cap", { cap: usd(budget.capMicros) }),
              ]
                .filter(Boolean)
                .join(" ")}
            />
          </InlineGrid>
        </Layout.Section>
        {total.unpriced > 0 ? (
          <Layout.Section>
            <Text as="p" tone="caution">
              {t("usage.unpricedNote", { count: total.unpriced })}
            </Text>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <TitledCard title={t("usage.chartTitle")}>
            <SpendChart summary={summary} locale={locale} label={t("usage.chartTitle")} labelOf={labelOf} />
          </TitledCard>
        </Layout.Section>
        <Layout.Section>
          <TitledCard title={t("usage.byBackend")}>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric"]}
              headings={[t("usage.backend"), t("usage.spend"), t("usage.callsHeading"), t("usage.errorRate")]}
              rows={summary.byBackend.map((line) => [labelOf(line.backendId), spendCell(line), formatCount(line.calls, locale), percent(line.errors / line.calls)])}
            />
          </TitledCard>
        </Layout.Section>
        <Layout.Section>
          <TitledCard title={t("usage.byModel")}>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "numeric"]}
              headings={[t("usage.backend"), t("usage.model"), t("usage.spend"), t("usage.callsHeading")]}
              rows={summary.byModel.map((line) => [labelOf(line.backendId), line.modelId === TEMPLATES_MODEL_ID ? "—" : line.modelId, spendCell(line), formatCount(line.calls, locale)])}
            />
          </TitledCard>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <TitledCard title={t("usage.byKind")}>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric"]}
              headings={[t("usage.kind"), t("usage.spend"), t("usage.callsHeading")]}
              rows={summary.byKind.map((line) => [t(`usage.kinds.${line.kind}`), spendCell(line), formatCount(line.calls, locale)])}
            />
          </TitledCard>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <TitledCard title={t("usage.fallbacks")}>
            {summary.fallbacks.length === 0 ? (
              <Text as="p" tone="subdued">
                {t("usage.noFallbacks")}
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "numeric", "text"]}
                headings={[t("usage.fallbackFrom"), t("usage.callsHeading"), t("usage.why")]}
                rows={summary.fallbacks.map((line) => [
                  labelOf(line.fromBackendId),
                  formatCount(line.count, locale),
                  Object.entries(line.reasons)
                    .map(([reason, count]) => `${outcomeText(t, reason)} × ${formatCount(count, locale)}`)
                    .join(", ") || "—",
                ])}
              />
            )}
          </TitledCard>
        </Layout.Section>
        {summary.byJob.length > 0 ? (
          <Layout.Section>
            <TitledCard title={t("usage.byJob")}>
              <DataTable
                columnContentTypes={["text", "numeric", "numeric"]}
                headings={[t("usage.job"), t("usage.spend"), t("usage.callsHeading")]}
                rows={summary.byJob.map((line) => [
                  <Link key={line.jobId} url={`/app/jobs/${line.jobId}`}>
                    {jobName(line.jobId)}
                  </Link>,
                  spendCell(line),
                  formatCount(line.calls, locale),
                ])}
              />
            </TitledCard>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <RecentCallsCard recent={recent} labelOf={labelOf} locale={locale} />
        </Layout.Section>
        <Layout.Section>
          <DataFlowsCard dataFlows={dataFlows} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
