import type { LoaderFunctionArgs } from "@remix-run/node";
import { Card, EmptyState, Page } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { authenticate } from "~/shopify.server";

// Bulk jobs arrive with their own issue; until then there are truly none to list.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function Jobs() {
  const { t } = useTranslation();
  return (
    <Page title={t("jobs.title")}>
      <Card>
        <EmptyState heading={t("jobs.emptyHeading")} image="">
          <p>{t("jobs.emptyBody")}</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
