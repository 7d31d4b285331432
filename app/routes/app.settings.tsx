import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Layout, Page, Tag, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import database from "~/db.server";
import { authenticate } from "~/shopify.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const shop = await database.shop.findUnique({ where: { shop: session.shop }, select: { installedAt: true } });
  return {
    apiVersion: ADMIN_API_VERSION,
    scopes: (session.scope ?? "").split(",").filter(Boolean),
    installedAt: shop?.installedAt.toISOString() ?? null,
  };
};

export default function Settings() {
  const { apiVersion, scopes, installedAt } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page title={t("settings.title")}>
      <Layout>
        <Layout.AnnotatedSection title={t("settings.modelHeading")} description={t("settings.modelBody")}>
          <Card>
            <BlockStack gap="200">
              <Text as="p" tone="subdued">
                {t("settings.modelCurrent")}
              </Text>
              <Text as="p" variant="headingMd">
                {t("settings.modelTemplates")}
              </Text>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title={t("settings.connectionHeading")}>
          <Card>
            <BlockStack gap="300">
              <Text as="p">
                {t("settings.apiVersion")}: <Text as="span" fontWeight="semibold">{apiVersion}</Text>
              </Text>
              {installedAt ? (
                <Text as="p">
                  {t("settings.installedAt")}: {new Date(installedAt).toLocaleString(i18n.language)}
                </Text>
              ) : null}
              <Text as="p">{t("settings.scopes")}</Text>
              <InlineStack gap="100">
                {scopes.map((scope) => (
                  <Tag key={scope}>{scope}</Tag>
                ))}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
