import { BlockStack, Card, SkeletonBodyText, SkeletonDisplayText } from "@shopify/polaris";
import type { ReactNode } from "react";

/**
 * The proposals area, last on the page so that nothing is below it to be
 * pushed down when proposals arrive. While the first proposals are being
 * written it shows a skeleton of the cards to come.
 */
export function ProposalsArea({ busy, showSkeleton, label, children }: { busy: boolean; showSkeleton: boolean; label: string; children: ReactNode }) {
  return (
    <div data-proposals-area aria-busy={busy}>
      {showSkeleton ? (
        <div role="status" aria-label={label}>
          <BlockStack gap="300">
            <SkeletonDisplayText size="small" />
            {[6, 2, 3].map((lines, index) => (
              <Card key={index}>
                <SkeletonBodyText lines={lines} />
              </Card>
            ))}
          </BlockStack>
        </div>
      ) : (
        children
      )}
    </div>
  );
}
