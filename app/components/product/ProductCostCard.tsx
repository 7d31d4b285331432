import {
  Badge,
  BlockStack,
  Card,
  DataTable,
  Link,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { formatCount, formatUsd } from "~/components/shared/format";
import { TEMPLATES_MODEL_ID } from "~/models/backends/templates";
import type { LedgerCost, ProductCall } from "~/usage/cost.server";

/** What generating copy for this product has cost, from the usage ledger: the total, then the latest calls. */
export function ProductCostCard({
  cost,
  labels,
}: {
  cost: { total: LedgerCost; latest: ProductCall[] };
  labels: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { total, latest } = cost;
  const labelOf = (backendId: string) =>
    labels[backendId] ?? t("usage.unknownBackend");
  return (
    <Card>
      <div data-product-cost>
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            {t("product.cost.heading")}
          </Text>
          {total.calls === 0 ? (
            <Text as="p" tone="subdued">
              {t("product.cost.empty")}
            </Text>
          ) : (
            <>
              <BlockStack gap="100">
                <Text as="p" variant="headingSm" id="product-cost-total">
                  {t("product.cost.total", {
                    count: total.calls,
                    cost: formatUsd(total.spendMicros, locale),
                  })}
                </Text>
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("product.cost.tokens", {
                    input: formatCount(total.inputTokens, locale),
                    output: formatCount(total.outputTokens, locale),
                  })}
                </Text>
                {total.unpriced > 0 ? (
                  <Text as="p" tone="caution" variant="bodySm">
                    {t("product.cost.unpriced", { count: total.unpriced })}
                  </Text>
                ) : null}
              </BlockStack>
              <Text as="h3" variant="headingSm">
                {t("product.cost.latest")}
              </Text>
              <DataTable
                columnContentTypes={[
                  "text",
                  "text",
                  "numeric",
                  "numeric",
                  "text",
                  "text",
                ]}
                headings={[
                  t("usage.recent.columns.when"),
                  t("usage.recent.columns.model"),
                  t("usage.recent.columns.tokens"),
                  t("usage.recent.columns.cost"),
                  t("usage.recent.columns.outcome"),
                  t("usage.recent.columns.job"),
                ]}
                rows={latest.map((call) => [
                  new Date(call.at).toLocaleString(locale),
                  call.modelId === TEMPLATES_MODEL_ID ? labelOf(call.backendId) : `${labelOf(call.backendId)} · ${call.modelId}`,
                  `${formatCount(call.inputTokens, locale)} / ${formatCount(
                    call.outputTokens,
                    locale
                  )}`,
                  call.costMicros === null
                    ? t("usage.recent.unpriced")
                    : formatUsd(call.costMicros, locale),
                  <Badge
                    key="outcome"
                    tone={call.outcome === "ok" ? "success" : "critical"}
                  >
                    {t(`settings.usage.outcomes.${call.outcome}`, {
                      defaultValue: t("usage.otherOutcome"),
                    })}
                  </Badge>,
                  call.jobId ? (
                    <Link key="job" url={`/app/jobs/${call.jobId}`}>
                      {t("usage.jobLink", {
                        date: call.jobCreatedAt
                          ? new Date(call.jobCreatedAt).toLocaleDateString(
                              locale
                            )
                          : "—",
                      })}
                    </Link>
                  ) : (
                    t(`usage.kinds.${call.kind}`)
                  ),
                ])}
              />
              {total.calls > latest.length ? (
                <Text as="p" tone="subdued" variant="bodySm">
                  {t("product.cost.more")}
                </Text>
              ) : null}
            </>
          )}
        </BlockStack>
      </div>
    </Card>
  );
}
