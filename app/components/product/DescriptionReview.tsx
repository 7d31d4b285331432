import { BlockStack, Box, InlineGrid, Text } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { action } from "~/routes/app.products_.$id";
import { WordDiff } from "./WordDiff";
import { htmlText } from "./word-diff";

const RENDERED_STYLE = "[data-storefront-preview] :is(p,ul,ol,h2,h3,h4){margin:0 0 8px} [data-storefront-preview] :is(ul,ol){padding-left:20px}";

/**
 * Server-sanitised HTML, as the storefront will show it. Only HTML that came
 * back from the server's sanitiser is ever given to this element (the product
 * page and the bulk review both render descriptions through it).
 */
export function RenderedDescription({ sanitizedHtml, label }: { sanitizedHtml: string; label: string }) {
  const { t } = useTranslation();
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {label}
      </Text>
      <Box padding="300" background="bg-surface" borderWidth="025" borderColor="border" borderRadius="200" minHeight="120px">
        <style>{RENDERED_STYLE}</style>
        {sanitizedHtml ? <div data-storefront-preview data-product-copy dangerouslySetInnerHTML={{ __html: sanitizedHtml }} /> : <Text as="p" tone="subdued">{t("product.empty")}</Text>}
      </Box>
    </BlockStack>
  );
}

/**
 * A description proposal for review: the source being edited beside the
 * description as it will be published, then the current description (for the
 * shop's language) beside the word-level changes. An edit is rendered by
 * the server's sanitiser (debounced), never in the browser from the raw text.
 */
export function DescriptionReview(props: {
  editor: ReactNode;
  value: string;
  proposalValue: string;
  renderedProposal: string;
  current: string | null;
  renderedCurrent: string;
}) {
  const { t } = useTranslation();
  const preview = useFetcher<typeof action>();
  const submit = preview.submit;
  const edited = props.value !== props.proposalValue;
  useEffect(() => {
    if (!edited) return;
    const timer = setTimeout(() => submit({ intent: "preview", html: props.value }, { method: "post" }), 300);
    return () => clearTimeout(timer);
  }, [edited, props.value, submit]);
  const answer = preview.data && "preview" in preview.data ? preview.data.preview : undefined;
  const rendered = !edited ? props.renderedProposal : (answer?.html ?? props.renderedProposal);
  const stale = edited && answer?.source !== props.value;
  return (
    <BlockStack gap="300">
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        {props.editor}
        <div aria-busy={stale} style={{ opacity: stale ? 0.6 : 1, transition: "opacity 120ms" }}>
          <RenderedDescription sanitizedHtml={rendered} label={t("product.review.rendered")} />
        </div>
      </InlineGrid>
      {props.current !== null ? (
        <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
          <RenderedDescription sanitizedHtml={props.renderedCurrent} label={t("product.current")} />
          <WordDiff before={htmlText(props.renderedCurrent)} after={htmlText(rendered)} />
        </InlineGrid>
      ) : null}
    </BlockStack>
  );
}
