import {
  Banner,
  BlockStack,
  InlineStack,
  Link,
  List,
  Text,
} from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { AutomationActivity as Activity } from "~/automation/skips.server";

const productPath = (productId: string) =>
  `/app/products/${productId.replace(/^gid:\/\/shopify\/Product\//, "")}`;

/**
 * What "write copy for new products" did this month: the jobs it started (a link to them in the Jobs list), and
 * the new products it did not write, by reason in plain words with what to do, naming the latest ones.
 */
export function AutomationActivity({ activity }: { activity: Activity }) {
  const { t, i18n } = useTranslation();
  return (
    <BlockStack gap="300">
      <Text as="h3" variant="headingSm">
        {t("automation.activity.heading")}
      </Text>
      <InlineStack gap="200" blockAlign="center">
        <Text as="p" id="automation-started">
          {activity.startedThisMonth > 0
            ? t("automation.activity.startedThisMonth", {
                count: activity.startedThisMonth,
              })
            : t("automation.activity.noneStarted")}
        </Text>
        <Link url="/app/jobs?origin=new_product">
          {t("automation.activity.viewJobs")}
        </Link>
      </InlineStack>
      {activity.skippedThisMonth > 0 ? (
        <div id="automation-skipped">
          <Banner
            tone="warning"
            title={t("automation.activity.skippedHeading", {
              count: activity.skippedThisMonth,
            })}
          >
            <BlockStack gap="200">
              <List type="bullet">
                {activity.reasons.map((row) => (
                  <List.Item key={row.reason}>
                    {t("automation.activity.reasonCount", {
                      count: row.count,
                      reason: t(`automation.activity.reasons.${row.reason}`),
                    })}
                  </List.Item>
                ))}
              </List>
              <Text as="p" variant="bodySm" tone="subdued">
                {t("automation.activity.recent")}
              </Text>
              <List type="bullet">
                {activity.recent.map((row) => (
                  <List.Item key={row.productId}>
                    <InlineStack gap="200" wrap>
                      <Text as="span" fontWeight="semibold">
                        {row.title ?? t("automation.activity.untitled")}
                      </Text>
                      <Text as="span" tone="subdued">
                        {new Date(row.at).toLocaleString(i18n.language)}
                      </Text>
                      <Link url={productPath(row.productId)}>
                        {t("automation.activity.writeNow")}
                      </Link>
                    </InlineStack>
                  </List.Item>
                ))}
              </List>
            </BlockStack>
          </Banner>
        </div>
      ) : null}
    </BlockStack>
  );
}
