import { useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { formatUsd } from "~/components/shared/format";
import type { JobOriginKind, JobSummary } from "~/jobs/types";
import type { LedgerCost } from "~/usage/cost.server";
import { jobStatusTone } from "./job-text";

/** Settled items: those that will not move again without the merchant. */
export const settledCount = (job: Pick<JobSummary, "counts">) =>
  job.counts.generated + job.counts.applied + job.counts.failed + job.counts.skipped + job.counts.cancelled;

export function JobsList({ jobs, costs, origin }: { jobs: JobSummary[]; costs: Record<string, LedgerCost>; origin: JobOriginKind | null }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const locale = i18n.language;
  // Reached from the automation's Settings (?origin=new_product): says which jobs these are, and how to see all.
  const filter = origin ? (
    <Banner tone="info" action={{ content: t("jobs.list.showAll"), url: "/app/jobs" }}>
      <p>{t("jobs.list.filtered", { origin: t(`jobs.origin.${origin}`) })}</p>
    </Banner>
  ) : null;
  if (jobs.length === 0) {
    return (
      <Page title={t("jobs.title")}>
        <BlockStack gap="400">
          {filter}
          <Card>
            <EmptyState heading={origin ? t("jobs.list.emptyFiltered") : t("jobs.emptyHeading")} image="" action={{ content: t("jobs.emptyAction"), url: "/app/products" }}>
              <p>{t("jobs.emptyBody")}</p>
            </EmptyState>
          </Card>
        </BlockStack>
      </Page>
    );
  }
  return (
    <Page title={t("jobs.title")} primaryAction={{ content: t("jobs.emptyAction"), url: "/app/products" }}>
      <BlockStack gap="400">
        {filter}
        <Card padding="0">
          <IndexTable
            resourceName={{ singular: t("jobs.list.resourceName.singular"), plural: t("jobs.list.resourceName.plural") }}
            itemCount={jobs.length}
            selectable={false}
            headings={[
              { title: t("jobs.list.columns.created") },
              { title: t("jobs.list.columns.status") },
              { title: t("jobs.list.columns.mode") },
              { title: t("jobs.list.columns.progress") },
              { title: t("jobs.list.columns.counts") },
              { title: t("jobs.list.columns.cost") },
            ]}
          >
            {jobs.map((job, index) => (
              <IndexTable.Row id={job.id} key={job.id} position={index} onClick={() => navigate(`/app/jobs/${job.id}`)}>
                <IndexTable.Cell>
                  <BlockStack gap="050">
                    <Text as="span" fontWeight="semibold">
                      {new Date(job.createdAt).toLocaleString(locale)}
                    </Text>
                    {/* Where it came from, under the date: wrapped to the date's width so the table stays as wide as before. */}
                    <div data-job-origin style={{ whiteSpace: "normal", maxWidth: "11rem" }}>
                      <Text as="span" tone="subdued" variant="bodySm">
                        {t(`jobs.origin.${job.origin ?? "plume"}`)}
                      </Text>
                    </div>
                  </BlockStack>
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <Badge tone={jobStatusTone(job.status)}>{t(`jobs.status.${job.status}`)}</Badge>
                </IndexTable.Cell>
                <IndexTable.Cell>{t(`jobs.mode.${job.mode}`)}</IndexTable.Cell>
                <IndexTable.Cell>{t("jobs.list.progress", { settled: settledCount(job), total: job.total })}</IndexTable.Cell>
                <IndexTable.Cell>
                  {t("jobs.list.counts", { applied: t("jobs.list.applied", { count: job.counts.applied }), review: job.counts.generated, failed: job.counts.failed })}
                </IndexTable.Cell>
                <IndexTable.Cell>
                  <JobCost cost={costs[job.id]} estimateMicros={job.estimate.costMicros} locale={locale} />
                </IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        </Card>
      </BlockStack>
    </Page>
  );
}

/** A job's cost so far from the usage ledger against its estimate, and how many calls that is. */
function JobCost({ cost, estimateMicros, locale }: { cost: LedgerCost | undefined; estimateMicros: number | null; locale: string }) {
  const { t } = useTranslation();
  const spent = formatUsd(cost?.spendMicros ?? 0, locale);
  return (
    <div data-job-cost>
      <BlockStack gap="050">
        <Text as="span">{estimateMicros === null ? t("jobs.list.costUnpriced", { spent }) : t("jobs.list.cost", { spent, estimate: formatUsd(estimateMicros, locale) })}</Text>
        <Text as="span" tone="subdued" variant="bodySm">
          {t("jobs.list.costCalls", { count: cost?.calls ?? 0 })}
        </Text>
      </BlockStack>
    </div>
  );
}
