import { useFetcher, useNavigate, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, IndexTable, InlineGrid, InlineStack, Layout, Page, Pagination, Select, Text, TextField, useIndexResourceState } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { queryCatalog, CatalogFilter } from "~/catalog/catalog-index.server";
import type { CatalogSyncView } from "~/catalog/sync-state";
import { ImageThumbnail } from "~/components/shared/ImageThumbnail";
import { CatalogSyncBanner, emptyListText } from "./CatalogSyncBanner";
import { usePoll } from "~/components/shared/use-poll";
import { META_DESCRIPTION_LIMIT, SEO_TITLE_LIMIT } from "~/copy/limits";
import { COMPARE_MAX_PRODUCTS } from "~/compare/types";
import { compareSelection, compareUrl } from "./compare-selection";

type Data = Awaited<ReturnType<typeof queryCatalog>> & { filter: CatalogFilter };

const numericId = (productId: string) => productId.split("/").pop() ?? "";
const THUMBNAIL_SIZE = 32;
const NOT_RECORDED: CatalogSyncView = { status: "failed", productCount: 0, finishedAt: null, errorCode: "unknown" };
const FILTER_KEYS = ["query", "missing", "tooLong", "vendor", "productType", "status"] as const satisfies ReadonlyArray<keyof CatalogFilter>;

/** The bulk job page for the chosen rows, or (all matching selected) for the filter over the whole index. */
function startJobUrl(filter: CatalogFilter, selected: string[] | null): string {
  const params = new URLSearchParams();
  if (selected) {
    params.set("ids", selected.map(numericId).join(","));
  } else {
    const filtered = FILTER_KEYS.filter((key) => filter[key] !== "");
    params.set("scope", filtered.length > 0 ? "filter" : "all");
    for (const key of filtered) params.set(key, filter[key]);
  }
  return `/app/jobs/new?${params.toString()}`;
}

export function CatalogBrowser(data: Data) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const sync = useFetcher<{ started: boolean }>();
  const [query, setQuery] = useState(data.filter.query);
  // The loader starts a sync on any visit without one: none here means even its failure could not be recorded.
  const syncState = data.sync ?? NOT_RECORDED;
  const syncing = syncState.status === "running";
  const format = (value: number) => new Intl.NumberFormat(i18n.language).format(value);

  // While the index fills, read the page again shortly after each answer (never over a read still in flight).
  usePoll({ active: syncing, settled: revalidator.state === "idle" && navigation.state === "idle", latest: syncState, read: revalidator.revalidate });

  const filtered = FILTER_KEYS.some((key) => data.filter[key] !== "");
  const retrying = sync.state !== "idle";
  const resync = () => sync.submit({}, { method: "post" });
  const emptyMessage = emptyListText(t, data.health.products, syncState.status);
  const setFilter = (key: keyof CatalogFilter, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setSearchParams(next);
  };

  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(
    data.rows.map((row) => ({ id: row.productId })),
  );
  useEffect(() => clearSelection(), [data.rows, clearSelection]);

  const comparing = compareSelection({ selected: selectedResources, allSelected: allResourcesSelected, total: data.total, rowIds: data.rows.map((row) => row.productId) });
  const compareAction =
    "ids" in comparing
      ? { content: t("products.compareModels"), onAction: () => navigate(compareUrl(comparing.ids)) }
      : { content: t("products.compareTooMany", { max: COMPARE_MAX_PRODUCTS, count: comparing.tooMany }), disabled: true, onAction: () => undefined };

  const healthCards: Array<{ key: CatalogFilter["missing"]; label: string; count: number }> = [
    { key: "description", label: t("products.health.description"), count: data.health.missing.description },
    { key: "seoTitle", label: t("products.health.seoTitle"), count: data.health.missing.seoTitle },
    { key: "metaDescription", label: t("products.health.metaDescription"), count: data.health.missing.metaDescription },
    { key: "altText", label: t("products.health.altText"), count: data.health.missing.altText },
  ];
  const written = (present: boolean) =>
    present ? <Badge tone="success">{t("products.present")}</Badge> : <Badge tone="attention">{t("products.missing")}</Badge>;
  const seoBadge = (length: number, limit: number) =>
    length === 0 ? written(false) : length > limit ? <Badge tone="warning">{t("products.tooLongBadge", { length })}</Badge> : written(true);

  return (
    <Page
      title={t("products.title")}
      primaryAction={{ content: t("products.writeWholeCatalog"), disabled: data.health.products === 0, url: "/app/jobs/new?scope=all" }}
      secondaryActions={[{ content: t("products.resync"), loading: retrying || syncing, onAction: resync }]}
    >
      <Layout>
        {syncing || syncState.status === "failed" ? (
          <Layout.Section>
            <CatalogSyncBanner sync={syncState} retrying={retrying} onRetry={resync} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
            {healthCards.map((card) => (
              <Card key={card.key}>
                <BlockStack gap="100">
                  <Text as="p" tone="subdued">
                    {card.label}
                  </Text>
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="p" variant="headingLg">
                      {format(card.count)}
                    </Text>
                    <Button variant="plain" onClick={() => setFilter("missing", card.key)} disabled={card.count === 0}>
                      {t("products.show")}
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Card>
            ))}
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <InlineGrid columns={{ xs: 1, md: 6 }} gap="200">
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    setFilter("query", query);
                  }}
                >
                  <TextField label={t("products.search")} value={query} onChange={setQuery} autoComplete="off" onBlur={() => setFilter("query", query)} />
                </form>
                <Select
                  label={t("products.filters.missing")}
                  value={data.filter.missing}
                  onChange={(value) => setFilter("missing", value)}
                  options={[{ value: "", label: t("products.filters.any") }, ...healthCards.map((card) => ({ value: card.key, label: card.label }))]}
                />
                <Select
                  label={t("products.filters.tooLong")}
                  value={data.filter.tooLong}
                  onChange={(value) => setFilter("tooLong", value)}
                  options={[
                    { value: "", label: t("products.filters.any") },
                    { value: "seoTitle", label: t("products.filters.seoTitleTooLong", { count: data.health.tooLong.seoTitle }) },
                    { value: "metaDescription", label: t("products.filters.metaTooLong", { count: data.health.tooLong.metaDescription }) },
                  ]}
                />
                <Select
                  label={t("products.columns.vendor")}
                  value={data.filter.vendor}
                  onChange={(value) => setFilter("vendor", value)}
                  options={[{ value: "", label: t("products.filters.any") }, ...data.vendors.map((vendor) => ({ value: vendor, label: vendor }))]}
                />
                <Select
                  label={t("products.columns.type")}
                  value={data.filter.productType}
                  onChange={(value) => setFilter("productType", value)}
                  options={[{ value: "", label: t("products.filters.any") }, ...data.productTypes.map((type) => ({ value: type, label: type }))]}
                />
                <Select
                  label={t("products.columns.status")}
                  value={data.filter.status}
                  onChange={(value) => setFilter("status", value)}
                  options={[
                    { value: "", label: t("products.filters.any") },
                    ...(["ACTIVE", "DRAFT", "ARCHIVED"] as const).map((status) => ({ value: status, label: t(`products.status.${status}`) })),
                  ]}
                />
              </InlineGrid>
              <InlineStack align="space-between" blockAlign="center">
                <Text as="p" tone="subdued">
                  {t("products.matching", { count: data.total, total: format(data.health.products) })}
                </Text>
                {filtered ? (
                  <Button
                    variant="plain"
                    onClick={() => {
                      setQuery("");
                      setSearchParams(new URLSearchParams());
                    }}
                  >
                    {t("products.clearFilters")}
                  </Button>
                ) : null}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <IndexTable
              resourceName={{ singular: t("products.resourceName.singular"), plural: t("products.resourceName.plural") }}
              itemCount={data.rows.length}
              selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
              onSelectionChange={handleSelectionChange}
              emptyState={
                <Box>
                  <Text as="p" alignment="center" tone="subdued">
                    {emptyMessage}
                  </Text>
                </Box>
              }
              // "Select all N matching" takes the whole filtered index, not only this page.
              hasMoreItems={data.total > data.rows.length}
              paginatedSelectAllActionText={t("products.selectAllMatching", { count: data.total })}
              paginatedSelectAllText={t("products.allMatchingSelected", { count: data.total })}
              promotedBulkActions={[
                { content: t("products.generate"), onAction: () => navigate(startJobUrl(data.filter, allResourcesSelected ? null : selectedResources)) },
                compareAction,
              ]}
              headings={[
                { title: t("products.columns.image"), hidden: true },
                { title: t("products.columns.title") },
                { title: t("products.columns.status") },
                { title: t("products.columns.vendor") },
                { title: t("products.columns.type") },
                { title: t("products.columns.description") },
                { title: t("products.columns.seo") },
                { title: t("products.columns.meta") },
                { title: t("products.columns.alt") },
              ]}
            >
              {data.rows.map((row, index) => (
                // Rows are keyed by position: a filter swaps their content in place instead of moving
                // the same product's row up or down, which Chromium counts as a layout shift.
                <IndexTable.Row id={row.productId} key={index} position={index} selected={selectedResources.includes(row.productId)} onClick={() => navigate(`/app/products/${numericId(row.productId)}`)}>
                  <IndexTable.Cell>
                    <ImageThumbnail url={row.imageUrl} label={row.title} size={THUMBNAIL_SIZE} />
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    {/* Long titles are cut with an ellipsis (full title on hover) so every column fits at 1280 px. */}
                    <Box maxWidth="200px">
                      <span title={row.title}>
                        <Text as="span" fontWeight="semibold" truncate>
                          {row.title}
                        </Text>
                      </span>
                    </Box>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{t(`products.status.${row.status}`, { defaultValue: row.status })}</IndexTable.Cell>
                  <IndexTable.Cell>{row.vendor}</IndexTable.Cell>
                  <IndexTable.Cell>{row.productType}</IndexTable.Cell>
                  <IndexTable.Cell>{written(row.hasDescription)}</IndexTable.Cell>
                  <IndexTable.Cell>{seoBadge(row.seoTitleLength, SEO_TITLE_LIMIT)}</IndexTable.Cell>
                  <IndexTable.Cell>{seoBadge(row.metaDescriptionLength, META_DESCRIPTION_LIMIT)}</IndexTable.Cell>
                  <IndexTable.Cell>{row.imageCount === 0 ? "—" : written(row.imagesMissingAlt === 0)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
            <Box padding="300">
              <InlineStack align="center">
                <Pagination
                  hasPrevious={data.filter.page > 1}
                  hasNext={data.filter.page < data.pageCount}
                  previousTooltip={t("products.previous")}
                  nextTooltip={t("products.next")}
                  onPrevious={() => setFilter("page", String(data.filter.page - 1))}
                  onNext={() => setFilter("page", String(data.filter.page + 1))}
                  label={t("products.pageOf", { page: data.filter.page, pages: data.pageCount })}
                />
              </InlineStack>
            </Box>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
