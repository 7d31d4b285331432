import { BlockStack, Box, Text } from "@shopify/polaris";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { wordDiff } from "./word-diff";

/** Current → proposed, word by word: removed words struck through in red, added ones underlined in green. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const parts = useMemo(() => wordDiff(before, after), [before, after]);
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">
        {t("product.review.changes")}
      </Text>
      <Box padding="200" background="bg-surface-secondary" borderRadius="200">
        <p data-word-diff style={{ margin: 0, whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {parts.length === 0
            ? t("product.empty")
            : parts.map((part, index) =>
                part.kind === "same" ? (
                  <span key={index}>{part.text}</span>
                ) : part.kind === "removed" ? (
                  <del key={index} title={t("product.review.removed")} style={{ background: "#fed3d1", color: "#8e1f0b" }}>
                    {part.text}
                  </del>
                ) : (
                  <ins key={index} title={t("product.review.added")} style={{ background: "#cdfee1", color: "#0c5132" }}>
                    {part.text}
                  </ins>
                ),
              )}
        </p>
      </Box>
    </BlockStack>
  );
}
