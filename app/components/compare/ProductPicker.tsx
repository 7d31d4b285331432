import { useFetcher } from "@remix-run/react";
import { BlockStack, Box, Button, InlineStack, Pagination, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { CatalogPickPage } from "~/catalog/catalog-pick.server";
import { formatCount } from "~/components/shared/format";
import { ImageThumbnail } from "~/components/shared/ImageThumbnail";

export interface PickedProduct {
  id: string;
  title: string;
}

const SEARCH_DELAY_MS = 250;
const THUMBNAIL_SIZE = 32;

/**
 * The products a comparison runs on, picked one by one: the ones picked (each with Remove), then a
 * search of the shop's catalog index by title or vendor, a page at a time, each result with Add
 * until the limit is reached.
 */
export function ProductPicker({ picked, max, onAdd, onRemove }: { picked: PickedProduct[]; max: number; onAdd: (product: PickedProduct) => void; onRemove: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const search = useFetcher<CatalogPickPage>();
  const [query, setQuery] = useState("");
  const [page, setPage] = useState(1);
  const load = search.load;

  useEffect(() => {
    const timer = setTimeout(() => load(`/app/catalog/search?${new URLSearchParams({ query, page: String(page) }).toString()}`), query ? SEARCH_DELAY_MS : 0);
    return () => clearTimeout(timer);
  }, [query, page, load]);

  const results = search.data && "rows" in search.data ? search.data : null;
  const full = picked.length >= max;
  const pickedIds = new Set(picked.map((product) => product.id));

  return (
    <BlockStack gap="300">
      {picked.length > 0 ? (
        <BlockStack gap="100" id="compare-picked">
          {picked.map((product) => (
            <InlineStack key={product.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
              <Text as="span" truncate>
                {product.title || t("compare.untitled")}
              </Text>
              <Button variant="plain" onClick={() => onRemove(product.id)} accessibilityLabel={t("compare.removeProduct", { title: product.title || t("compare.untitled") })}>
                {t("compare.remove")}
              </Button>
            </InlineStack>
          ))}
        </BlockStack>
      ) : (
        <Text as="p" tone="subdued">
          {t("compare.noneChosen")}
        </Text>
      )}
      <Text as="p" tone={full ? "caution" : "subdued"} variant="bodySm">
        {full ? t("compare.pickFull", { max }) : t("compare.pickCount", { count: picked.length, max })}
      </Text>
      <TextField
        label={t("compare.searchCatalog")}
        value={query}
        onChange={(value) => {
          setQuery(value);
          setPage(1);
        }}
        autoComplete="off"
        clearButton
        onClearButtonClick={() => {
          setQuery("");
          setPage(1);
        }}
        helpText={t("compare.searchHelp")}
      />
      <Box minHeight="120px">
        {results === null ? null : results.rows.length === 0 ? (
          <Text as="p" tone="subdued">
            {query ? t("compare.searchNoMatch") : t("compare.searchEmptyCatalog")}
          </Text>
        ) : (
          <BlockStack gap="200" id="compare-search-results">
            <Text as="p" tone="subdued" variant="bodySm">
              {t("compare.searchMatches", { count: results.total, formatted: formatCount(results.total, i18n.language) })}
            </Text>
            {results.rows.map((row) => {
              const already = pickedIds.has(row.id);
              return (
                <InlineStack key={row.id} align="space-between" blockAlign="center" gap="200" wrap={false}>
                  <InlineStack gap="200" blockAlign="center" wrap={false}>
                    <ImageThumbnail url={row.imageUrl} label={row.title} size={THUMBNAIL_SIZE} />
                    <BlockStack gap="0">
                      <Text as="span" fontWeight="semibold" truncate>
                        {row.title || t("compare.untitled")}
                      </Text>
                      {row.vendor ? (
                        <Text as="span" tone="subdued" variant="bodySm" truncate>
                          {row.vendor}
                        </Text>
                      ) : null}
                    </BlockStack>
                  </InlineStack>
                  <Button
                    size="slim"
                    disabled={already || full}
                    onClick={() => onAdd({ id: row.id, title: row.title })}
                    accessibilityLabel={already ? t("compare.alreadyAdded", { title: row.title || t("compare.untitled") }) : t("compare.addProduct", { title: row.title || t("compare.untitled") })}
                  >
                    {already ? t("compare.added") : t("compare.add")}
                  </Button>
                </InlineStack>
              );
            })}
            {results.pageCount > 1 ? (
              <InlineStack align="center">
                <Pagination
                  hasPrevious={results.page > 1}
                  hasNext={results.page < results.pageCount}
                  previousTooltip={t("products.previous")}
                  nextTooltip={t("products.next")}
                  onPrevious={() => setPage(results.page - 1)}
                  onNext={() => setPage(results.page + 1)}
                  label={t("products.pageOf", { page: results.page, pages: results.pageCount })}
                />
              </InlineStack>
            ) : null}
          </BlockStack>
        )}
      </Box>
    </BlockStack>
  );
}
