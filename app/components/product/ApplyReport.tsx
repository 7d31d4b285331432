import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { issueText } from "~/components/shared/issue-text";
import type { ProposalApplyResult } from "~/copy/product-workflow.server";
import { fieldLabel } from "./field-label";

const TONES = { written: "success", skipped: "info", failed: "critical", refused: "critical" } as const;

/** Per field, what the last apply did: written, skipped and why, failed or refused and why. */
export function ApplyReport({ results, primaryLocale }: { results: ProposalApplyResult[]; primaryLocale: string }) {
  const { t } = useTranslation();
  if (results.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t("product.report.heading")}
        </Text>
        <ul data-apply-report style={{ margin: 0, padding: 0, listStyle: "none", display: "grid", gap: 8 }}>
          {results.map((result) => (
            <li key={result.proposalId} data-apply-result={result.status}>
              <InlineStack gap="200" blockAlign="center" wrap={false}>
                <Badge tone={TONES[result.status]}>{t(`product.report.status.${result.status}`)}</Badge>
                <Text as="span" fontWeight="semibold">
                  {fieldLabel(t, result, primaryLocale)}
                </Text>
                <Text as="span" tone="subdued" breakWord>
                  {explain(t, result)}
                </Text>
              </InlineStack>
            </li>
          ))}
        </ul>
      </BlockStack>
    </Card>
  );
}

function explain(t: ReturnType<typeof useTranslation>["t"], result: ProposalApplyResult): string {
  switch (result.status) {
    case "written":
      return t("product.report.written");
    case "skipped":
      return t(`product.report.skipped.${result.reason}`);
    case "failed":
      return [t(`product.report.failed.${result.reason}`), result.message].filter(Boolean).join(" ");
    case "refused":
      return result.issues.map((issue) => issueText(t, issue)).join(" ");
  }
}
