import { useFetcher, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineStack, List, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useOnChange } from "~/components/shared/use-synced-state";
import { useTranslation } from "react-i18next";
import { fieldLabel } from "~/components/product/field-label";
import { SearchPreview } from "~/components/product/SearchPreview";
import { copyFieldSchema, type Issue } from "~/copy/types";
import type { JobPage } from "~/jobs/job-page.server";
import { ITEM_STATUSES, JOB_ITEMS_PAGE_SIZE, type JobItemView, type JobProgress } from "~/jobs/types";
import { errorText, itemStatusTone } from "./job-text";

type Proposal = JobItemView["proposals"][number];
type Answer = { ok: true; intent: string } | { ok: false; error: string; errors: Record<string, string>; params: Record<string, string | number>; issues?: Issue[] };

const issuesOf = (proposal: Proposal) => proposal.warnings as Issue[];
const PROPOSAL_STATUSES = ["pending", "approved", "rejected", "applied", "kept_existing", "superseded", "discarded", "failed", "reverted", "revert_conflict"];

/** The job's items with their proposals: filter, approve or reject, edit one, approve in bulk, apply approved. */
export function JobReview({ page, progress, behind, onRefresh }: { page: JobPage; progress: JobProgress; behind: boolean; onRefresh: () => void }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const bulk = useFetcher<Answer>();
  const pages = Math.max(1, Math.ceil(page.itemsTotal / JOB_ITEMS_PAGE_SIZE));
  const setQuery = (key: string, value: string) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setSearchParams(next, { preventScrollReset: true });
  };
  const review = (decision: "approve" | "reject", scope: object) => bulk.submit({ intent: "review", payload: JSON.stringify({ decision, scope }) }, { method: "post" });
  const approvedCount = page.items.reduce((sum, item) => sum + item.proposals.filter((proposal) => proposal.status === "approved").length, 0);

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              {t("jobs.review.heading")}
            </Text>
            <InlineStack gap="200" blockAlign="center">
              <Text as="p" tone="subdued" id="job-pending">
                {t("jobs.review.pending", { count: progress.pendingProposals })}
              </Text>
              {/* Always laid out, shown when the list below is behind the progress: nothing moves when it appears. */}
              <span style={{ visibility: behind ? "visible" : "hidden" }}>
                <Button variant="plain" onClick={onRefresh}>
                  {t("jobs.review.refresh")}
                </Button>
              </span>
            </InlineStack>
          </BlockStack>
          <InlineStack gap="200">
            <Button disabled={progress.pendingProposals === 0} loading={bulk.state !== "idle"} onClick={() => review("approve", { kind: "without_warnings" })}>
              {t("jobs.review.approveWithoutWarnings")}
            </Button>
            <Button disabled={progress.pendingProposals === 0} loading={bulk.state !== "idle"} onClick={() => review("approve", { kind: "all" })}>
              {t("jobs.review.approveAll")}
            </Button>
            <Button variant="primary" disabled={approvedCount === 0 && progress.counts.generated === 0} loading={bulk.state !== "idle"} onClick={() => bulk.submit({ intent: "apply_approved" }, { method: "post" })}>
              {t("jobs.review.applyApproved")}
            </Button>
          </InlineStack>
        </InlineStack>
        {bulk.data && !bulk.data.ok ? <Banner tone="critical">{errorText(t, { code: bulk.data.error, params: bulk.data.params })}</Banner> : null}
        <InlineStack gap="400" blockAlign="end">
          <Box minWidth="200px">
            <Select
              label={t("jobs.review.filterStatus")}
              value={page.query.status}
              onChange={(value) => setQuery("status", value)}
              options={[{ value: "", label: t("jobs.review.allStates") }, ...ITEM_STATUSES.map((status) => ({ value: status, label: t(`jobs.itemStatus.${status}`) }))]}
            />
          </Box>
          <Checkbox label={t("jobs.review.withWarnings")} checked={page.query.warnings === "with"} onChange={(checked) => setQuery("warnings", checked ? "with" : "")} />
        </InlineStack>
        {page.items.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("jobs.review.noItems")}
          </Text>
        ) : (
          page.items.map((item) => <ItemCard key={item.id} item={item} snippet={page.snippets[item.productId] ?? null} />)
        )}
        <InlineStack align="center">
          <Pagination
            hasPrevious={page.query.page > 1}
            hasNext={page.query.page < pages}
            previousTooltip={t("jobs.review.previous")}
            nextTooltip={t("jobs.review.next")}
            onPrevious={() => setQuery("page", String(page.query.page - 1))}
            onNext={() => setQuery("page", String(page.query.page + 1))}
            label={t("jobs.review.pageOf", { page: page.query.page, pages })}
          />
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

function ItemCard({ item, snippet }: { item: JobItemView; snippet: JobPage["snippets"][string] | null }) {
  const { t } = useTranslation();
  const decision = useFetcher<Answer>();
  const pending = item.proposals.some((proposal) => proposal.status === "pending");
  const seo = (field: "seoTitle" | "metaDescription") => item.proposals.find((proposal) => proposal.field === field && proposal.status !== "rejected")?.value;
  const proposedTitle = seo("seoTitle");
  const proposedDescription = seo("metaDescription");
  const primaryLocale = item.proposals[0]?.locale;
  return (
    <Box padding="300" borderColor="border" borderWidth="025" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {item.title ?? item.productId.split("/").pop()}
            </Text>
            <Badge tone={itemStatusTone(item.status)}>{t(`jobs.itemStatus.${item.status}`)}</Badge>
          </InlineStack>
          <InlineStack gap="200">
            <Button variant="plain" url={`/app/products/${item.productId.split("/").pop()}`}>
              {t("jobs.review.openProduct")}
            </Button>
            <Button size="slim" disabled={!pending} loading={decision.state !== "idle"} onClick={() => decision.submit({ intent: "review", payload: JSON.stringify({ decision: "approve", scope: { kind: "items", itemIds: [item.id] } }) }, { method: "post" })}>
              {t("jobs.review.approve")}
            </Button>
            <Button size="slim" tone="critical" disabled={!pending} loading={decision.state !== "idle"} onClick={() => decision.submit({ intent: "review", payload: JSON.stringify({ decision: "reject", scope: { kind: "items", itemIds: [item.id] } }) }, { method: "post" })}>
              {t("jobs.review.reject")}
            </Button>
          </InlineStack>
        </InlineStack>
        {item.error ? (
          <Text as="p" tone="critical">
            {errorText(t, item.error)}
          </Text>
        ) : null}
        {item.proposals.length === 0 && !item.error ? (
          <Text as="p" tone="subdued">
            {t("jobs.review.noProposals")}
          </Text>
        ) : null}
        {item.proposals.map((proposal) => (
          <ProposalRow key={proposal.id} proposal={proposal} primaryLocale={primaryLocale} />
        ))}
        {snippet && (proposedTitle !== undefined || proposedDescription !== undefined) ? (
          <SearchPreview current={snippet} proposed={{ url: snippet.url, title: proposedTitle ?? snippet.title, description: proposedDescription ?? snippet.description }} />
        ) : null}
      </BlockStack>
    </Box>
  );
}

function ProposalRow({ proposal, primaryLocale }: { proposal: Proposal; primaryLocale: string | undefined }) {
  const { t } = useTranslation();
  const editor = useFetcher<Answer>();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(proposal.value);
  const field = copyFieldSchema.safeParse(proposal.field);
  const label = field.success ? fieldLabel(t, { field: field.data, resourceId: proposal.resourceId, locale: proposal.locale }, primaryLocale) : proposal.field;
  const status = PROPOSAL_STATUSES.includes(proposal.status) ? t(`jobs.review.proposalStatus.${proposal.status}`) : t("jobs.review.proposalStatus.pending");
  const refused = editor.data && !editor.data.ok ? editor.data : null;
  const refusal = refused?.issues?.length
    ? refused.issues.map((issue) => t(`product.issues.${issue.code}`, issue.params)).join(" ")
    : refused
      ? errorText(t, { code: refused.error, params: refused.params })
      : undefined;
  // A saved edit closes the editor; the page's new data shows the stored (sanitised) value.
  useOnChange(editor.data, (answer) => {
    if (answer?.ok) setEditing(false);
  });
  const editable = proposal.status === "pending" || proposal.status === "approved";
  return (
    <BlockStack gap="100">
      <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" fontWeight="semibold">
            {label}
          </Text>
          <Badge tone={proposal.status === "approved" || proposal.status === "applied" ? "success" : proposal.status === "rejected" ? "critical" : undefined}>{status}</Badge>
        </InlineStack>
        {editable && !editing ? (
          <Button
            size="slim"
            variant="plain"
            onClick={() => {
              setValue(proposal.value);
              setEditing(true);
            }}
          >
            {t("jobs.review.edit")}
          </Button>
        ) : null}
      </InlineStack>
      {editing ? (
        <BlockStack gap="200">
          <TextField label={label} labelHidden value={value} onChange={setValue} autoComplete="off" multiline={proposal.field === "descriptionHtml" ? 6 : proposal.field === "metaDescription" ? 3 : false} error={refusal} />
          <InlineStack gap="200">
            <Button
              size="slim"
              variant="primary"
              loading={editor.state !== "idle"}
              onClick={() => {
                editor.submit({ intent: "edit", proposalId: proposal.id, value }, { method: "post" });
              }}
            >
              {t("jobs.review.save")}
            </Button>
            <Button
              size="slim"
              onClick={() => {
                setEditing(false);
                setValue(proposal.value);
              }}
            >
              {t("jobs.review.cancelEdit")}
            </Button>
          </InlineStack>
        </BlockStack>
      ) : (
        // The proposed copy is the shop's text in the product's language, not the app's words.
        <div data-product-copy>
          <Box padding="200" background="bg-surface-secondary" borderRadius="200">
            <Text as="p" breakWord>
              {proposal.value}
            </Text>
          </Box>
        </div>
      )}
      {issuesOf(proposal).length > 0 ? (
        <Banner tone="warning">
          <List>
            {issuesOf(proposal).map((issue, index) => (
              <List.Item key={index}>{t(`product.issues.${issue.code}`, issue.params)}</List.Item>
            ))}
          </List>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
