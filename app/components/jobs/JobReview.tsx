import { useFetcher, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineGrid, InlineStack, List, Pagination, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useOnChange } from "~/components/shared/use-synced-state";
import { useTranslation } from "react-i18next";
import { issueText } from "~/components/shared/issue-text";
import { RenderedDescription } from "~/components/product/DescriptionReview";
import { fieldLabel } from "~/components/product/field-label";
import { SearchPreview } from "~/components/product/SearchPreview";
import { copyFieldSchema, type Issue } from "~/copy/types";
import type { JobPage } from "~/jobs/job-page.server";
import { ITEM_STATUSES, JOB_ITEMS_PAGE_SIZE, reviewDecisionSchema, type JobItemView, type JobProgress, type ReviewScope } from "~/jobs/types";
import { applyButtonState, errorText, itemBadge } from "./job-text";

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
  const review = (decision: "approve" | "reject", scope: { kind: "without_warnings" | "all" }) => bulk.submit({ intent: "review", payload: JSON.stringify({ decision, scope }) }, { method: "post" });
  // Which bulk action is in flight (submitted, or its page data reloading): that button spins, the others wait.
  const inFlight = bulk.state === "idle" ? null : bulkActionOf(bulk.formData);
  const busy = bulk.state !== "idle";
  const applyState = applyButtonState(progress);

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
          <BlockStack gap="100" inlineAlign="end">
            <InlineStack gap="200" align="end">
              <Button disabled={progress.pendingProposals === 0 || (busy && inFlight !== "without_warnings")} loading={inFlight === "without_warnings"} onClick={() => review("approve", { kind: "without_warnings" })}>
                {t("jobs.review.approveWithoutWarnings")}
              </Button>
              <Button disabled={progress.pendingProposals === 0 || (busy && inFlight !== "all")} loading={inFlight === "all"} onClick={() => review("approve", { kind: "all" })}>
                {t("jobs.review.approveAll")}
              </Button>
              <Button
                variant="primary"
                disabled={!applyState.enabled || (busy && inFlight !== "apply")}
                loading={inFlight === "apply"}
                ariaDescribedBy="apply-state"
                onClick={() => bulk.submit({ intent: "apply_approved" }, { method: "post" })}
              >
                {t("jobs.review.applyApproved")}
              </Button>
            </InlineStack>
            {/* Why the button is as it is, from the job's data (polled while it moves). */}
            <Text as="p" tone="subdued" variant="bodySm" id="apply-state">
              {t(applyState.reason, { count: applyState.count })}
            </Text>
          </BlockStack>
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
          page.items.map((item) => <ItemCard key={item.id} item={item} snippet={page.snippets[item.productId] ?? null} descriptions={page.descriptions} />)
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

/** The bulk button a submission came from: "apply", or the approval's scope. */
function bulkActionOf(formData: FormData | undefined): "apply" | ReviewScope["kind"] | null {
  if (!formData) return null;
  if (formData.get("intent") === "apply_approved") return "apply";
  try {
    const decision = reviewDecisionSchema.safeParse(JSON.parse(String(formData.get("payload"))));
    return decision.success ? decision.data.scope.kind : null;
  } catch {
    return null;
  }
}

function ItemCard({ item, snippet, descriptions }: { item: JobItemView; snippet: JobPage["snippets"][string] | null; descriptions: JobPage["descriptions"] }) {
  const { t } = useTranslation();
  const decision = useFetcher<Answer>();
  const pending = item.proposals.some((proposal) => proposal.status === "pending");
  const seo = (field: "seoTitle" | "metaDescription") => item.proposals.find((proposal) => proposal.field === field && proposal.status !== "rejected")?.value;
  const proposedTitle = seo("seoTitle");
  const proposedDescription = seo("metaDescription");
  const primaryLocale = item.proposals[0]?.locale;
  const badge = itemBadge(item);
  return (
    <Box padding="300" borderColor="border" borderWidth="025" borderRadius="200">
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h3" variant="headingSm">
              {item.title ?? item.productId.split("/").pop()}
            </Text>
            <span data-item-state={badge.key.split(".").pop()}>
              <Badge tone={badge.tone}>{t(badge.key, badge.params)}</Badge>
            </span>
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
          <ProposalRow
            key={proposal.id}
            proposal={proposal}
            primaryLocale={primaryLocale}
            rendered={descriptions.proposals[proposal.id]}
            current={proposal.locale === descriptions.primaryLocale ? descriptions.current[item.productId] : undefined}
          />
        ))}
        {snippet && (proposedTitle !== undefined || proposedDescription !== undefined) ? (
          <SearchPreview current={snippet} proposed={{ url: snippet.url, title: proposedTitle ?? snippet.title, description: proposedDescription ?? snippet.description }} />
        ) : null}
      </BlockStack>
    </Box>
  );
}

/**
 * One proposal. A description is shown rendered (server-sanitised HTML, beside today's description in the
 * shop's language when Shopify gave it), as on the product page; its HTML source is what the editor edits.
 */
function ProposalRow({ proposal, primaryLocale, rendered, current }: { proposal: Proposal; primaryLocale: string | undefined; rendered: string | undefined; current: string | undefined }) {
  const { t } = useTranslation();
  const editor = useFetcher<Answer>();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(proposal.value);
  const field = copyFieldSchema.safeParse(proposal.field);
  const label = field.success ? fieldLabel(t, { field: field.data, resourceId: proposal.resourceId, locale: proposal.locale }, primaryLocale) : proposal.field;
  const status = PROPOSAL_STATUSES.includes(proposal.status) ? t(`jobs.review.proposalStatus.${proposal.status}`) : t("jobs.review.proposalStatus.pending");
  const refused = editor.data && !editor.data.ok ? editor.data : null;
  const refusal = refused?.issues?.length
    ? refused.issues.map((issue) => issueText(t, issue)).join(" ")
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
      ) : proposal.field === "descriptionHtml" ? (
        <div data-description-review>
          <InlineGrid columns={{ xs: 1, md: current === undefined ? 1 : 2 }} gap="300">
            {current !== undefined ? <RenderedDescription sanitizedHtml={current} label={t("product.current")} /> : null}
            <RenderedDescription sanitizedHtml={rendered ?? ""} label={`${t("product.proposed")} · ${t("product.review.rendered")}`} />
          </InlineGrid>
        </div>
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
              <List.Item key={index}>{issueText(t, issue)}</List.Item>
            ))}
          </List>
        </Banner>
      ) : null}
    </BlockStack>
  );
}
