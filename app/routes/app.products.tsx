import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Card, EmptyState, IndexTable, Page, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { loadProductPage, productPageCursor } from "~/catalog/product-page.server";
import { authenticate } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticate.admin(request);
  const search = new URL(request.url).searchParams;
  const cursor = productPageCursor.parse(
    search.get("after") ? { after: search.get("after") } : search.get("before") ? { before: search.get("before") } : {},
  );
  return loadProductPage(admin, cursor);
};

export default function Products() {
  const { rows, pageInfo } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const written = (present: boolean) =>
    present ? <Badge tone="success">{t("products.present")}</Badge> : <Badge tone="attention">{t("products.missing")}</Badge>;
  return (
    <Page title={t("products.title")}>
      <Card padding="0">
        {rows.length === 0 ? (
          <EmptyState heading={t("products.empty")} image="">
            {null}
          </EmptyState>
        ) : (
          <IndexTable
            resourceName={{ singular: t("products.resourceName.singular"), plural: t("products.resourceName.plural") }}
            itemCount={rows.length}
            selectable={false}
            headings={[
              { title: t("products.columns.title") },
              { title: t("products.columns.status") },
              { title: t("products.columns.vendor") },
              { title: t("products.columns.type") },
              { title: t("products.columns.description") },
              { title: t("products.columns.seo") },
              { title: t("products.columns.updated") },
            ]}
            pagination={{
              hasNext: pageInfo.hasNextPage,
              hasPrevious: pageInfo.hasPreviousPage,
              nextTooltip: t("products.next"),
              previousTooltip: t("products.previous"),
              onNext: () => navigate(`?after=${encodeURIComponent(pageInfo.endCursor ?? "")}`),
              onPrevious: () => navigate(`?before=${encodeURIComponent(pageInfo.startCursor ?? "")}`),
            }}
          >
            {rows.map((row, index) => (
              <IndexTable.Row id={row.id} key={row.id} position={index}>
                <IndexTable.Cell>
                  <Text as="span" fontWeight="semibold">
                    {row.title}
                  </Text>
                </IndexTable.Cell>
                <IndexTable.Cell>{t(`products.status.${row.status}`, { defaultValue: row.status })}</IndexTable.Cell>
                <IndexTable.Cell>{row.vendor}</IndexTable.Cell>
                <IndexTable.Cell>{row.productType}</IndexTable.Cell>
                <IndexTable.Cell>{written(row.hasDescription)}</IndexTable.Cell>
                <IndexTable.Cell>{written(row.hasSeoTitle)}</IndexTable.Cell>
                <IndexTable.Cell>{new Date(row.updatedAt).toLocaleDateString(i18n.language)}</IndexTable.Cell>
              </IndexTable.Row>
            ))}
          </IndexTable>
        )}
      </Card>
    </Page>
  );
}
