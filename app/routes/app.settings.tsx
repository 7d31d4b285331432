import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Layout, Page, Tag, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { loadNewProductAutomation } from "~/automation/settings";
import { loadAutomationActivity } from "~/automation/skips.server";
import { ModelSettingsSections } from "~/components/settings/ModelSettingsSections";
import { NewProductAutomationSection } from "~/components/settings/NewProductAutomationSection";
import database from "~/db.server";
import { badRequestFrom, parseInput, readFormFields } from "~/http/bad-request.server";
import { loadSettingsPage, runSettingsIntent, settingsIntentSchema } from "~/models/settings-form.server";
import { authenticate } from "~/shopify.server";
import { ADMIN_API_VERSION } from "~/shopify/api-version";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const now = new Date();
  const [shop, page, automation, automationActivity] = await Promise.all([
    database.shop.findUnique({ where: { shop: session.shop }, select: { installedAt: true } }),
    loadSettingsPage(database, session.shop, now),
    loadNewProductAutomation(database, session.shop),
    loadAutomationActivity(database, session.shop, now),
  ]);
  return {
    ...page,
    automation,
    automationActivity,
    apiVersion: ADMIN_API_VERSION,
    scopes: (session.scope ?? "").split(",").filter(Boolean),
    installedAt: shop?.installedAt.toISOString() ?? null,
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  try {
    const intent = parseInput(settingsIntentSchema, await readFormFields(request));
    const result = await runSettingsIntent(database, session.shop, intent);
    // An unknown backend id is a malformed request (the page only offers known ones): 400.
    // A refusal of a well-formed choice (EU-only conflict, unsafe endpoint) is an answer the page shows.
    return !result.ok && result.error === "unknown_backend" ? data(result, { status: 400 }) : result;
  } catch (error) {
    return badRequestFrom(error);
  }
};

export default function Settings() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <Page title={t("settings.title")} secondaryActions={[{ content: t("settings.copyLink"), url: "/app/settings/copy" }]}>
      <Layout>
        <ModelSettingsSections
          backends={data.backends}
          settings={data.settings}
          connections={data.connections}
          dataFlows={data.dataFlows}
          spentMicros={data.spentMicros}
          priceTableDate={data.priceTableDate}
        />
        <NewProductAutomationSection automation={data.automation} activity={data.automationActivity} backends={data.backends} shopModel={data.settings.primary} />
        <Layout.AnnotatedSection title={t("settings.connectionHeading")}>
          <Card>
            <BlockStack gap="300">
              <Text as="p">
                {t("settings.apiVersion")}:{" "}
                <Text as="span" fontWeight="semibold">
                  {data.apiVersion}
                </Text>
              </Text>
              {data.installedAt ? (
                <Text as="p">
                  {t("settings.installedAt")}: {new Date(data.installedAt).toLocaleString(i18n.language)}
                </Text>
              ) : null}
              <Text as="p">{t("settings.scopes")}</Text>
              <InlineStack gap="100">
                {data.scopes.map((scope) => (
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
