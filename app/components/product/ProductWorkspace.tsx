import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineGrid, InlineStack, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { ApplyReport } from "~/components/product/ApplyReport";
import { DescriptionReview } from "~/components/product/DescriptionReview";
import { ImageThumbnail } from "~/components/shared/ImageThumbnail";
import { WordDiff } from "~/components/product/WordDiff";
import { fieldLabel } from "~/components/product/field-label";
import { ProductCostCard } from "~/components/product/ProductCostCard";
import { ProposalsArea } from "~/components/product/ProposalsArea";
import { SearchPreview, type SearchResult } from "~/components/product/SearchPreview";
import { useSyncedState } from "~/components/shared/use-synced-state";
import { useTranslation } from "react-i18next";
import { issueText } from "~/components/shared/issue-text";
import { FIELD_LIMITS } from "~/copy/limits";
import { backendLabel as wordedBackendLabel } from "~/i18n/backend-text";
import type { FallbackNotice, loadProductWorkspace, ProposalApplyResult, StoredProposal } from "~/copy/product-workflow.server";
import type { TFunction } from "i18next";
import type { action } from "~/routes/app.products_.$id";

type Workspace = Awaited<ReturnType<typeof loadProductWorkspace>>;
type ActionData = Awaited<ReturnType<typeof action>>;
type Field = StoredProposal["field"];

const FIELDS: Field[] = ["descriptionHtml", "seoTitle", "metaDescription", "altText"];
const LIMITS: Partial<Record<Field, number>> = FIELD_LIMITS;

function currentValue(workspace: Workspace, proposal: StoredProposal): string {
  const { product } = workspace;
  if (proposal.field === "altText") return product.images.find((image) => image.id === proposal.resourceId)?.alt ?? "";
  return { descriptionHtml: product.descriptionHtml, seoTitle: product.seoTitle, metaDescription: product.metaDescription }[proposal.field];
}

/** The write policy keeps existing copy: a proposal for a field that is not blank would be skipped. */
function policySkips(workspace: Workspace, proposal: StoredProposal): boolean {
  return workspace.defaults.writePolicy === "fill_blanks" && proposal.locale === workspace.product.primaryLocale && currentValue(workspace, proposal).trim() !== "";
}

/** What a search engine shows for the product today, and with the SEO proposals (as edited) applied. */
function searchResults(workspace: Workspace, edits: Record<string, string>): { current: SearchResult; proposed: SearchResult | null } {
  const { product } = workspace;
  const url = `${product.storefrontOrigin}/products/${product.handle}`;
  // Without an SEO title or meta description, search engines fall back to the title and the description's text.
  const current = { title: product.seoTitle || product.title, url, description: product.metaDescription || product.descriptionText };
  const pending = (field: "seoTitle" | "metaDescription") =>
    workspace.proposals.find((proposal) => proposal.field === field && proposal.locale === product.primaryLocale);
  const title = pending("seoTitle");
  const meta = pending("metaDescription");
  if (!title && !meta) return { current, proposed: null };
  return {
    current,
    proposed: {
      title: title ? (edits[title.id] ?? title.value) : current.title,
      url,
      description: meta ? (edits[meta.id] ?? meta.value) : current.description,
    },
  };
}

export function ProductWorkspace(workspace: Workspace) {
  const { t } = useTranslation();
  const { product } = workspace;
  const shopify = useAppBridge();
  const generator = useFetcher<ActionData>();
  const applier = useFetcher<ActionData>();
  const [fields, setFields] = useState<Field[]>(workspace.defaults.fields);
  const [backendId, setBackendId] = useState(workspace.model.backendId);
  const [modelId, setModelId] = useState(workspace.model.modelId);
  const [instruction, setInstruction] = useState("");
  const translationLocales = product.publishedLocales.filter((locale) => locale !== product.primaryLocale);
  const [locales, setLocales] = useState<string[]>(workspace.defaults.translationLocales.filter((locale) => translationLocales.includes(locale)));
  const proposals = workspace.proposals;
  // New loader data (after an apply, a discard, a revalidation) never undoes what the merchant typed or ticked
  // for a proposal that is still pending; only new proposals start from their value, ticked unless the policy would skip them.
  const [edits, setEdits] = useSyncedState(proposals, (current, previous?: Record<string, string>) =>
    Object.fromEntries(current.map((proposal) => [proposal.id, previous?.[proposal.id] ?? proposal.value])),
  );
  const [selected, setSelected] = useSyncedState(proposals, (current, previous?: Record<string, boolean>) =>
    Object.fromEntries(current.map((proposal) => [proposal.id, previous?.[proposal.id] ?? !policySkips(workspace, proposal)])),
  );

  useEffect(() => {
    if (applier.state !== "idle" || !applier.data || applier.data.intent !== "apply" || !("apply" in applier.data)) return;
    const result = applier.data.apply;
    if (result.outcome) {
      const noSource = result.outcome.skipped.filter((entry) => entry.reason === "no_source").length;
      const kept = result.outcome.skipped.filter((entry) => entry.reason === "not_blank" || entry.reason === "unchanged").length;
      shopify.toast.show(t("product.applied", { applied: result.outcome.applied.length, kept }));
      if (noSource > 0) shopify.toast.show(t("product.skippedNoSource", { count: noSource }), { isError: true });
    }
  }, [applier.state, applier.data, shopify, t]);
  useEffect(() => {
    if (applier.state !== "idle" || applier.data?.intent !== "revert" || !("revert" in applier.data)) return;
    const outcome = applier.data.revert;
    if (outcome.status === "reverted") shopify.toast.show(t("product.reverted"));
    // The field holds something else than this write now: revert leaves it alone and says so.
    else if (outcome.status === "changed_since") shopify.toast.show(t("product.revertChangedSince"), { isError: true });
    else if (outcome.status === "in_progress") shopify.toast.show(t("product.revertInProgress"));
    else shopify.toast.show(`${t("product.revertFailed")} ${t(`product.report.failed.${outcome.reason}`)} ${outcome.message}`, { isError: true });
  }, [applier.state, applier.data, shopify, t]);

  const generate = (targetLocales: string[], onlyFields: Field[] = fields, extra = instruction) =>
    generator.submit(
      { intent: "generate", payload: JSON.stringify({ fields: onlyFields, locales: targetLocales, backendId, modelId, extraInstruction: extra || undefined }) },
      { method: "post" },
    );
  const generated = generator.data && "generate" in generator.data ? generator.data.generate : undefined;
  const applied = applier.data && "apply" in applier.data ? applier.data.apply : undefined;
  const resultFor = (proposalId: string): ProposalApplyResult | undefined => applied?.results.find((result) => result.proposalId === proposalId);
  const selectedIds = proposals.filter((proposal) => selected[proposal.id]).map((proposal) => proposal.id);
  const byLocale = useMemo(() => {
    const groups = new Map<string, StoredProposal[]>();
    for (const proposal of proposals) groups.set(proposal.locale, [...(groups.get(proposal.locale) ?? []), proposal]);
    return [...groups.entries()].sort(([left], [right]) => (left === product.primaryLocale ? -1 : right === product.primaryLocale ? 1 : left.localeCompare(right)));
  }, [proposals, product.primaryLocale]);
  const backend = workspace.backends.find((entry) => entry.id === backendId);
  // Every backend in the merchant's words (emulated and operator entries included), by id, for badges, history and notices.
  const backendLabels = useMemo(() => Object.fromEntries(workspace.backendWordings.map((wording) => [wording.id, wordedBackendLabel(t, wording)])), [workspace.backendWordings, t]);
  const searchResult = searchResults(workspace, edits);

  return (
    <Page
      title={product.title}
      subtitle={[product.vendor, product.productType].filter(Boolean).join(" · ")}
      backAction={{ content: t("products.title"), url: "/app/products" }}
      // Compare opens with this product picked, so several models can be tried on it without replacing its proposals.
      secondaryActions={[{ content: t("product.compareModels"), url: `/app/compare?ids=${product.id.split("/").at(-1) ?? ""}` }]}
      primaryAction={{
        content: t("product.applySelected", { count: selectedIds.length }),
        disabled: selectedIds.length === 0,
        loading: applier.state !== "idle",
        onAction: () =>
          applier.submit(
            { intent: "apply", payload: JSON.stringify({ selections: selectedIds.map((proposalId) => ({ proposalId, value: edits[proposalId] ?? "" })) }) },
            { method: "post" },
          ),
      }}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                {t("product.generateHeading")}
              </Text>
              <InlineStack gap="400">
                {FIELDS.map((field) => (
                  <Checkbox
                    key={field}
                    label={t(`product.fields.${field}`)}
                    checked={fields.includes(field)}
                    onChange={(checked) => setFields((current) => (checked ? [...current, field] : current.filter((entry) => entry !== field)))}
                  />
                ))}
              </InlineStack>
              <InlineGrid columns={{ xs: 1, md: 2 }} gap="300">
                <Select
                  label={t("product.backend")}
                  options={workspace.backends.map((entry) => ({ value: entry.id, label: entry.ready ? `✓ ${wordedBackendLabel(t, entry)}` : `${wordedBackendLabel(t, entry)} — ${t("product.notReady")}` }))}
                  value={backendId}
                  onChange={(value) => {
                    setBackendId(value);
                    setModelId(workspace.backends.find((entry) => entry.id === value)?.suggestedModels[0] ?? "default");
                  }}
                />
                <TextField
                  label={t("product.model")}
                  value={modelId}
                  onChange={setModelId}
                  autoComplete="off"
                  helpText={backend?.suggestedModels.length ? backend.suggestedModels.join(", ") : undefined}
                />
              </InlineGrid>
              <TextField label={t("product.instruction")} value={instruction} onChange={setInstruction} autoComplete="off" helpText={t("product.instructionHelp")} />
              <InlineStack align="end" gap="200">
                <Button variant="primary" loading={generator.state !== "idle"} disabled={fields.length === 0} onClick={() => generate([product.primaryLocale])}>
                  {t("product.generate")}
                </Button>
              </InlineStack>
              {translationLocales.length > 0 ? (
                <BlockStack gap="200">
                  <Text as="h3" variant="headingSm">
                    {t("product.translateHeading")}
                  </Text>
                  <InlineStack gap="400" blockAlign="center">
                    {translationLocales.map((locale) => (
                      <Checkbox
                        key={locale}
                        label={locale}
                        checked={locales.includes(locale)}
                        onChange={(checked) => setLocales((current) => (checked ? [...current, locale] : current.filter((entry) => entry !== locale)))}
                      />
                    ))}
                    <Button disabled={locales.length === 0 || fields.length === 0} loading={generator.state !== "idle"} onClick={() => generate(locales)}>
                      {t("product.translate")}
                    </Button>
                  </InlineStack>
                  <Text as="p" tone="subdued" variant="bodySm">
                    {t("product.translateHelp")}
                  </Text>
                </BlockStack>
              ) : null}
              {generated && !generated.ok && generated.error ? (
                <Banner tone="critical" action={{ content: t("product.fallback.settingsLink"), url: "/app/settings" }}>
                  {t(`settings.connection.result.${generated.error.kind}`, { defaultValue: t("product.generateFailed"), latencyMs: 0, detail: "" })}
                </Banner>
              ) : null}
              {generated?.ok && generated.fallback ? <FallbackBanner fallback={generated.fallback} labels={backendLabels} /> : null}
              {generated?.rejected.length ? (
                <Banner tone="warning" title={t("product.rejectedTitle")}>
                  <List>
                    {generated.rejected.map((entry, index) => (
                      <List.Item key={index}>
                        {t(`product.fields.${entry.field}`)} ({entry.locale}): {entry.issues.map((issue) => issueText(t, issue)).join(" ")}
                      </List.Item>
                    ))}
                  </List>
                </Banner>
              ) : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <SearchPreview current={searchResult.current} proposed={searchResult.proposed} />
        </Layout.Section>
        {/* Above the proposals: they come last, so nothing is below them to be pushed down when they arrive. */}
        <Layout.Section>
          <HistoryCard history={workspace.history} labels={backendLabels} onRevert={(revisionId) => applier.submit({ intent: "revert", revisionId }, { method: "post" })} busy={applier.state !== "idle"} />
        </Layout.Section>
        <Layout.Section>
          <ProductCostCard cost={workspace.cost} labels={backendLabels} />
        </Layout.Section>
        {applied?.error ? (
          <Layout.Section>
            <Banner tone="critical" title={t("product.shopifyRefused")}>
              {applied.error}
            </Banner>
          </Layout.Section>
        ) : null}
        {applied?.refused.length ? (
          <Layout.Section>
            <Banner tone="critical" title={t("product.refusedTitle")}>
              <List>
                {applied.refused.map((entry) => {
                  const proposal = proposals.find((candidate) => candidate.id === entry.proposalId);
                  return (
                    <List.Item key={entry.proposalId}>
                      {proposal ? `${fieldLabel(t, proposal, product.primaryLocale)}: ` : ""}
                      {entry.issues.map((issue) => issueText(t, issue)).join(" ")}
                    </List.Item>
                  );
                })}
              </List>
            </Banner>
          </Layout.Section>
        ) : null}
        {applied?.results.length ? (
          <Layout.Section>
            <ApplyReport results={applied.results} primaryLocale={product.primaryLocale} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <ProposalsArea busy={generator.state !== "idle"} showSkeleton={generator.state !== "idle" && proposals.length === 0} label={t("product.writingProposals")}>
            {proposals.length === 0 ? (
              <Card>
                <Text as="p" tone="subdued">
                  {t("product.noProposals")}
                </Text>
              </Card>
            ) : (
              <BlockStack gap="500">
                {byLocale.map(([locale, group]) => (
                  <BlockStack gap="300" key={locale}>
                    <Text as="h2" variant="headingMd">
                      {locale === product.primaryLocale ? t("product.proposalsHeading") : t("product.translationHeading", { locale })}
                    </Text>
                    {group.map((proposal) => (
                      <ProposalCard
                        key={proposal.id}
                        proposal={proposal}
                        current={locale === product.primaryLocale ? currentValue(workspace, proposal) : null}
                        value={edits[proposal.id] ?? proposal.value}
                        onChange={(value) => setEdits((current) => ({ ...current, [proposal.id]: value }))}
                        selected={selected[proposal.id] ?? false}
                        onSelect={(value) => setSelected((current) => ({ ...current, [proposal.id]: value }))}
                        result={resultFor(proposal.id)}
                        policySkip={policySkips(workspace, proposal)}
                        rendered={proposal.field === "descriptionHtml" ? { proposal: workspace.rendered.proposals[proposal.id] ?? "", current: workspace.rendered.current } : undefined}
                        image={proposal.field === "altText" ? { url: product.images.find((image) => image.id === proposal.resourceId)?.url ?? null } : undefined}
                        onRegenerate={() => generate([proposal.locale], [proposal.field])}
                        writtenBy={writerLabel(backendLabels, proposal.backendId, proposal.modelId)}
                        onDiscard={() => applier.submit({ intent: "discard", proposalId: proposal.id }, { method: "post" })}
                      />
                    ))}
                  </BlockStack>
                ))}
              </BlockStack>
            )}
          </ProposalsArea>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function ProposalCard(props: {
  proposal: StoredProposal;
  current: string | null;
  value: string;
  onChange: (value: string) => void;
  selected: boolean;
  onSelect: (value: boolean) => void;
  /** The last apply's result for this proposal: a refusal or failure is shown at the field. */
  result?: ProposalApplyResult;
  /** The shop's write policy would keep the current value. */
  policySkip: boolean;
  /** For a description: the proposal and the current description through the server's sanitiser. */
  rendered?: { proposal: string; current: string };
  /** For an alt text: the image it describes. */
  image?: { url: string | null };
  onRegenerate: () => void;
  onDiscard: () => void;
  writtenBy: string;
}) {
  const { t } = useTranslation();
  const { proposal } = props;
  const limit = LIMITS[proposal.field];
  const length = [...props.value].length;
  const label = fieldLabel(t, proposal);
  const { result } = props;
  const fieldError = [
    limit && length > limit ? t("product.issues.too_long", { limit, length }) : "",
    result?.status === "refused" ? `${t("product.refusedAtField")} ${result.issues.map((issue) => issueText(t, issue)).join(" ")}` : "",
    result?.status === "failed" ? [t(`product.report.failed.${result.reason}`), result.message].filter(Boolean).join(" ") : "",
  ]
    .filter(Boolean)
    .join(" ");
  const editor = (
    <BlockStack gap="100">
      <TextField
        label={`${t("product.proposed")}: ${label}`}
        value={props.value}
        onChange={props.onChange}
        autoComplete="off"
        multiline={proposal.field === "descriptionHtml" ? 6 : proposal.field === "metaDescription" ? 3 : false}
        helpText={limit ? t("product.characters", { count: length, limit }) : undefined}
        error={fieldError || undefined}
      />
      {props.policySkip ? (
        <Text as="p" tone="caution" variant="bodySm">
          {t("product.policySkip")}
        </Text>
      ) : null}
    </BlockStack>
  );
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            {props.image ? <ImageThumbnail url={props.image.url} label={t("product.review.imageOf", { label })} /> : null}
            <Checkbox label={label} checked={props.selected} onChange={props.onSelect} />
          </InlineStack>
          <InlineStack gap="200">
            <Badge>{props.writtenBy}</Badge>
            <Button size="slim" onClick={props.onRegenerate}>
              {t("product.regenerate")}
            </Button>
            <Button size="slim" variant="plain" tone="critical" onClick={props.onDiscard}>
              {t("product.discard")}
            </Button>
          </InlineStack>
        </InlineStack>
        {proposal.field === "descriptionHtml" ? (
          <DescriptionReview
            editor={editor}
            value={props.value}
            proposalValue={proposal.value}
            renderedProposal={props.rendered?.proposal ?? ""}
            current={props.current}
            renderedCurrent={props.rendered?.current ?? ""}
          />
        ) : (
          <InlineGrid columns={{ xs: 1, md: props.current === null ? 1 : 2 }} gap="400">
            {props.current !== null ? (
              <BlockStack gap="100">
                <Text as="h3" variant="headingSm" tone="subdued">
                  {t("product.current")}
                </Text>
                <Box padding="200" background="bg-surface-secondary" borderRadius="200">
                  <Text as="p" breakWord>
                    {props.current || t("product.empty")}
                  </Text>
                </Box>
              </BlockStack>
            ) : null}
            {editor}
          </InlineGrid>
        )}
        {proposal.field !== "descriptionHtml" && props.current !== null ? <WordDiff before={props.current} after={props.value} /> : null}
        {proposal.warnings.length > 0 ? (
          <Banner tone="warning">
            <List>
              {proposal.warnings.map((issue, index) => (
                <List.Item key={index}>{issueText(t, issue)}</List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function HistoryCard({ history, labels, onRevert, busy }: { history: Workspace["history"]; labels: Record<string, string>; onRevert: (id: string) => void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          {t("product.historyHeading")}
        </Text>
        {history.length === 0 ? (
          <Text as="p" tone="subdued">
            {t("product.historyEmpty")}
          </Text>
        ) : (
          history.map((revision) => (
            <InlineStack key={revision.id} align="space-between" blockAlign="center" wrap={false} gap="300">
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {t(`product.fields.${revision.field}`)} · {revision.locale} · {new Date(revision.createdAt).toLocaleString(i18n.language)}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm" breakWord>
                  {revision.revertOfId ? t("product.revertEntry") : sourceLabel(t, labels, revision.source)} — “{(revision.previousValue ?? "∅").slice(0, 80)}” → “{(revision.newValue ?? "∅").slice(0, 80)}”
                </Text>
              </BlockStack>
              {revision.revertedAt ? (
                <Text as="span" tone="subdued" variant="bodySm">
                  {t("product.revertedBadge")}
                </Text>
              ) : (
                <Button size="slim" disabled={busy} onClick={() => onRevert(revision.id)}>
                  {revision.revertOfId ? t("product.undoRevert") : t("product.revert")}
                </Button>
              )}
            </InlineStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}

/** "OpenAI · gpt-4.1", or just "Templates (offline)" for a backend without model choice. */
function writerLabel(labels: Record<string, string>, backendId: string, modelId: string): string {
  // A backend no longer in the registry (removed by the operator) keeps its id.
  const label = labels[backendId] ?? backendId;
  return modelId === "default" ? label : `${label} · ${modelId}`;
}

/** A revision's source ("generation:openai/gpt-4.1") in the merchant's words. */
function sourceLabel(t: TFunction, labels: Record<string, string>, source: string): string {
  const generation = /^generation:([^/]+)\/(.+)$/.exec(source);
  if (generation) return t("product.sourceGeneration", { backend: writerLabel(labels, generation[1]!, generation[2]!) });
  return t("product.sourceManual");
}

/** The chain fell back: say which backend wrote instead of the one asked for, why, and where to fix it. */
function FallbackBanner({ fallback, labels }: { fallback: FallbackNotice; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const known = { [fallback.asked.backendId]: labels[fallback.asked.backendId] ?? fallback.asked.label, [fallback.wrote.backendId]: labels[fallback.wrote.backendId] ?? fallback.wrote.label };
  const asked = writerLabel(known, fallback.asked.backendId, fallback.asked.modelId);
  const wrote = writerLabel(known, fallback.wrote.backendId, fallback.wrote.modelId);
  const askedName = known[fallback.asked.backendId] ?? fallback.asked.backendId;
  const reasons = ["no_key", "not_configured", "budget_exceeded", "unpriced_model", "not_allowed_eu_only"];
  return (
    <Banner tone="warning" title={t("product.fallback.title", { wrote, asked })} action={{ content: t("product.fallback.settingsLink"), url: "/app/settings" }}>
      <Text as="p">
        {reasons.includes(fallback.reason)
          ? t(`product.fallback.reason.${fallback.reason}`, { asked: askedName })
          : t("product.fallback.reason.other", { asked: askedName, outcome: t(`settings.usage.outcomes.${fallback.reason}`, { defaultValue: t("product.generateFailed") }) })}
      </Text>
    </Banner>
  );
}
