import { Badge, BlockStack, Button, Card, InlineStack, Layout, ProgressBar, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import type { SetupChecklist } from "~/shops/setup-checklist.server";

const HEALTH_FIELDS = ["description", "seoTitle", "metaDescription", "altText"] as const;

/** Home's "Get set up" checklist and the catalog's health, each line one click from its fix. */
export function SetupAndHealth({ checklist }: { checklist: SetupChecklist }) {
  const { t, i18n } = useTranslation();
  const done = checklist.steps.filter((step) => step.done).length;
  const format = (value: number) => new Intl.NumberFormat(i18n.language).format(value);
  return (
    <>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h3" variant="headingMd">
                {t("home.setup.heading")}
              </Text>
              <Text as="p" tone="subdued">
                {t("home.setup.progress", { done, total: checklist.steps.length })}
              </Text>
            </InlineStack>
            <ProgressBar progress={(done / checklist.steps.length) * 100} size="small" tone="success" />
            <BlockStack gap="200">
              {checklist.steps.map((step) => (
                <InlineStack key={step.id} align="space-between" blockAlign="center" gap="400" wrap={false}>
                  <BlockStack gap="050">
                    <Text as="p" fontWeight="semibold">
                      {t(`home.setup.steps.${step.id}.title`)}
                    </Text>
                    <Text as="p" tone="subdued">
                      {t(`home.setup.steps.${step.id}.body`)}
                    </Text>
                  </BlockStack>
                  {step.done ? (
                    <Badge tone="success">{t("home.setup.done")}</Badge>
                  ) : (
                    <Button url={step.url}>{t(`home.setup.steps.${step.id}.action`)}</Button>
                  )}
                </InlineStack>
              ))}
            </BlockStack>
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <Text as="h3" variant="headingMd">
              {t("home.health.heading")}
            </Text>
            {checklist.health === null ? (
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" tone="subdued">
                  {t("home.health.notIndexed")}
                </Text>
                <Button url="/app/products">{t("home.browseProducts")}</Button>
              </InlineStack>
            ) : (
              <BlockStack gap="200">
                {HEALTH_FIELDS.map((field) => {
                  const count = checklist.health?.missing[field] ?? 0;
                  return (
                    <InlineStack key={field} align="space-between" blockAlign="center">
                      <Text as="p">{t(`products.health.${field}`)}</Text>
                      <InlineStack gap="300" blockAlign="center">
                        <Text as="p" variant="headingMd" id={`health-${field}`}>
                          {format(count)}
                        </Text>
                        {count === 0 ? (
                          <Badge tone="success">{t("home.health.allGood")}</Badge>
                        ) : (
                          <Button variant="plain" url={`/app/products?missing=${field}`}>
                            {t("home.health.fix")}
                          </Button>
                        )}
                      </InlineStack>
                    </InlineStack>
                  );
                })}
              </BlockStack>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}
