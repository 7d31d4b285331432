import { BlockStack, Card, InlineGrid, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";

/**
 * A desktop Google result for the product: title, breadcrumb URL, snippet. Google cuts by
 * rendered width, not characters (about 600 px of 20 px Arial for the title, two lines of
 * 14 px Arial for the snippet), so the preview lets the browser cut the same way with CSS
 * ellipsis and line clamping: "WWWW" and "iiii" are cut where they really would be.
 */
export interface SearchResult {
  title: string;
  url: string;
  description: string;
}

const RESULT_WIDTH = 600;

function breadcrumb(url: string): string {
  try {
    const parsed = new URL(url);
    return [parsed.host, ...parsed.pathname.split("/").filter(Boolean)].join(" › ");
  } catch {
    return url;
  }
}

function Result({ result, label }: { result: SearchResult; label: string }) {
  const { t } = useTranslation();
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <div data-search-preview style={{ maxWidth: RESULT_WIDTH, fontFamily: "Arial, sans-serif" }}>
        <div style={{ fontSize: 14, lineHeight: "20px", color: "#202124", overflow: "hidden", whiteSpace: "nowrap", textOverflow: "ellipsis" }}>
          {breadcrumb(result.url)}
        </div>
        <div
          data-search-preview-title
          title={result.title}
          style={{ fontSize: 20, lineHeight: "26px", color: "#1a0dab", overflow: "hidden", whiteSpace: "nowrap", textOverflow: "ellipsis" }}
        >
          {result.title || t("product.searchPreview.noTitle")}
        </div>
        <div
          data-search-preview-description
          style={{ fontSize: 14, lineHeight: "22px", minHeight: 44, color: "#4d5156", display: "-webkit-box", WebkitLineClamp: 2, WebkitBoxOrient: "vertical", overflow: "hidden" }}
        >
          {result.description || t("product.searchPreview.noDescription")}
        </div>
      </div>
    </BlockStack>
  );
}

/** The place of the proposed result before there is one: the same height, so proposals arriving move nothing. */
function Pending({ label }: { label: string }) {
  const { t } = useTranslation();
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <div data-search-preview-pending style={{ maxWidth: RESULT_WIDTH, height: 90, display: "flex", alignItems: "center" }}>
        <Text as="p" tone="subdued">
          {t("product.searchPreview.pending")}
        </Text>
      </div>
    </BlockStack>
  );
}

export function SearchPreview({ current, proposed }: { current: SearchResult; proposed: SearchResult | null }) {
  const { t } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("product.searchPreview.heading")}
        </Text>
        <InlineGrid columns={{ xs: 1, lg: 2 }} gap="400">
          <Result result={current} label={t("product.current")} />
          {proposed ? <Result result={proposed} label={t("product.searchPreview.proposed")} /> : <Pending label={t("product.searchPreview.proposed")} />}
        </InlineGrid>
        <Text as="p" tone="subdued" variant="bodySm">
          {t("product.searchPreview.help")}
        </Text>
      </BlockStack>
    </Card>
  );
}
