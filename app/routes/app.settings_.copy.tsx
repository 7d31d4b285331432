import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Layout, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { FieldsSection } from "~/components/copy-settings/FieldsSection";
import { InstructionsSection } from "~/components/copy-settings/InstructionsSection";
import { LanguagesSection } from "~/components/copy-settings/LanguagesSection";
import { LengthsSection } from "~/components/copy-settings/LengthsSection";
import { CopySettingsSaveProvider } from "~/components/copy-settings/shared";
import { TemplatesSection } from "~/components/copy-settings/TemplatesSection";
import { VoiceSection } from "~/components/copy-settings/VoiceSection";
import { WordsSection } from "~/components/copy-settings/WordsSection";
import { isMalformedCopySettingsRequest, loadCopySettingsPage, runCopySettingsIntent } from "~/copy/copy-settings-form.server";
import database from "~/db.server";
import { badRequestFrom, readFormFields } from "~/http/bad-request.server";
import { localeFromRequest } from "~/i18n/locale.server";
import { authenticate } from "~/shopify.server";

// `settings_` keeps this page out of the Settings page's layout: it is a page of its own at /app/settings/copy.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  const { locale } = await localeFromRequest(request);
  return loadCopySettingsPage(database, admin, session.shop, locale);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { admin, session } = await authenticate.admin(request);
  try {
    const result = await runCopySettingsIntent({ database, admin, shop: session.shop }, await readFormFields(request));
    // Structural errors (unknown intent, bad JSON, a value the page never sends) are a 400;
    // a field the merchant typed that fails a rule (too long, bad template) is an answer the page shows.
    return !result.ok && isMalformedCopySettingsRequest(result.errors) ? data(result, { status: 400 }) : result;
  } catch (error) {
    return badRequestFrom(error);
  }
};

export default function CopySettingsPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page title={t("copySettings.title")} subtitle={t("copySettings.subtitle")} backAction={{ content: t("copySettings.back"), url: "/app/settings" }}>
      <CopySettingsSaveProvider>
        <Layout>
          <VoiceSection settings={data.settings} />
          <WordsSection settings={data.settings} />
          <FieldsSection settings={data.settings} />
          <LanguagesSection settings={data.settings} locales={data.locales} />
          <LengthsSection settings={data.settings} limits={data.limits} />
          <InstructionsSection settings={data.settings} productTypes={data.productTypes} productTypesSource={data.productTypesSource} />
          <TemplatesSection
            templates={data.templates}
            customizedTemplates={data.customizedTemplates}
            products={data.products}
            shopName={data.shopName}
            currencyCode={data.currencyCode}
            primaryLocale={data.primaryLocale}
            lengthTargets={data.settings.lengthTargets}
          />
        </Layout>
      </CopySettingsSaveProvider>
    </Page>
  );
}
