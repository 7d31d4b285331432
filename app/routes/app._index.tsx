import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { loadShopOverview } from "~/catalog/shop-overview.server";
import { SetupAndHealth } from "~/components/home/SetupAndHealth";
import database from "~/db.server";
import { loadSetupChecklist } from "~/shops/setup-checklist.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const [overview, shopRow, checklist] = await Promise.all([
    loadShopOverview(admin),
    database.shop.findUnique({ where: { shop: session.shop }, select: { installedAt: true } }),
    loadSetupChecklist(database, session.shop),
  ]);
  return { overview, installedAt: shopRow?.installedAt.toISOString() ?? null, checklist };
};

export default function Home() {
  const { overview, installedAt, checklist } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const count = overview.productsCount?.count ?? 0;
  const atLeast = overview.productsCount?.precision === "AT_LEAST";
  return (
    <Page title={t("home.title")}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingLg">
                {t("home.welcome", { shopName: overview.shop.name })}
              </Text>
              <Text as="p" tone="subdued">
                {overview.shop.myshopifyDomain}
                {installedAt
                  ? ` · ${t("home.installedSince", { date: new Date(installedAt).toLocaleDateString(i18n.language) })}`
                  : ""}
              </Text>
            </BlockStack>
          </Card>
        </Layout.Section>
        <SetupAndHealth checklist={checklist} />
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h3" variant="headingMd">
                {t("home.catalogHeading")}
              </Text>
              <Text as="p" variant="heading2xl" id="product-count">
                {atLeast ? `${t("home.productCountPrecision")} ` : ""}
                {t("home.productCount", { count })}
              </Text>
              <InlineStack>
                <Button url="/app/products">{t("home.browseProducts")}</Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h3" variant="headingMd">
                {t("home.localesHeading")}
              </Text>
              <InlineStack gap="200">
                {overview.shopLocales.map((locale) => (
                  <Badge key={locale.locale} tone={locale.primary ? "info" : undefined}>
                    {[
                      locale.locale,
                      locale.primary ? t("home.primaryLocale") : null,
                      locale.published ? null : t("home.unpublishedLocale"),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </Badge>
                ))}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="200">
              <Text as="h3" variant="headingMd">
                {t("home.nextHeading")}
              </Text>
              <Text as="p">{t("home.nextBody")}</Text>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
