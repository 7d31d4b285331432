import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, InlineGrid, InlineStack, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { SearchPreview, type SearchResult } from "~/components/product/SearchPreview";
import { useSyncedState } from "~/components/shared/use-synced-state";
import { useTranslation } from "react-i18next";
import { FIELD_LIMITS } from "~/copy/limits";
import { backendLabel } from "~/i18n/backend-text";
import type { loadProductWorkspace, StoredProposal } from "~/copy/product-workflow.server";
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
  const [edits, setEdits] = useSyncedState(proposals, (current) => Object.fromEntries(current.map((proposal) => [proposal.id, proposal.value])));
  const [selected, setSelected] = useSyncedState(proposals, (current) => Object.fromEntries(current.map((proposal) => [proposal.id, true])));

  useEffect(() => {
    if (applier.state !== "idle" || !applier.data || applier.data.intent !== "apply" || !("apply" in applier.data)) return;
    const result = applier.data.apply;
    if (result.outcome) {
      const noSource = result.outcome.skipped.filter((entry) => entry.reason === "no_source").length;
      shopify.toast.show(t("product.applied", { applied: result.outcome.applied.length, kept: result.outcome.skipped.length - noSource }));
      if (noSource > 0) shopify.toast.show(t("product.skippedNoSource", { count: noSource }), { isError: true });
    }
  }, [applier.state, applier.data, shopify, t]);
  useEffect(() => {
    if (applier.state === "idle" && applier.data?.intent === "revert") shopify.toast.show(t("product.reverted"));
  }, [applier.state, applier.data, shopify, t]);

  const generate = (targetLocales: string[], onlyFields: Field[] = fields, extra = instruction) =>
    generator.submit(
      { intent: "generate", payload: JSON.stringify({ fields: onlyFields, locales: targetLocales, backendId, modelId, extraInstruction: extra || undefined }) },
      { method: "post" },
    );
  const generated = generator.data && "generate" in generator.data ? generator.data.generate : undefined;
  const applied = applier.data && "apply" in applier.data ? applier.data.apply : undefined;
  const selectedIds = proposals.filter((proposal) => selected[proposal.id]).map((proposal) => proposal.id);
  const byLocale = useMemo(() => {
    const groups = new Map<string, StoredProposal[]>();
    for (const proposal of proposals) groups.set(proposal.locale, [...(groups.get(proposal.locale) ?? []), proposal]);
    return [...groups.entries()].sort(([left], [right]) => (left === product.primaryLocale ? -1 : right === product.primaryLocale ? 1 : left.localeCompare(right)));
  }, [proposals, product.primaryLocale]);
  const backend = workspace.backends.find((entry) => entry.id === backendId);
  const searchResult = searchResults(workspace, edits);

  return (
    <Page
      title={product.title}
      subtitle={[product.vendor, product.productType].filter(Boolean).join(" · ")}
      backAction={{ content: t("products.title"), url: "/app/products" }}
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
                  options={workspace.backends.map((entry) => ({ value: entry.id, label: backendLabel(t, entry) }))}
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
                <Banner tone="critical">{t(`settings.connection.result.${generated.error.kind}`, { defaultValue: t("product.generateFailed"), latencyMs: 0, detail: "" })}</Banner>
              ) : null}
              {generated?.rejected.length ? (
                <Banner tone="warning" title={t("product.rejectedTitle")}>
                  <List>
                    {generated.rejected.map((entry, index) => (
                      <List.Item key={index}>
                        {t(`product.fields.${entry.field}`)} ({entry.locale}): {entry.issues.map((issue) => t(`product.issues.${issue.code}`, issue.params)).join(" ")}
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
                {applied.refused.map((entry) => (
                  <List.Item key={entry.proposalId}>{entry.issues.map((issue) => t(`product.issues.${issue.code}`, issue.params)).join(" ")}</List.Item>
                ))}
              </List>
            </Banner>
          </Layout.Section>
        ) : null}
        {proposals.length === 0 ? (
          <Layout.Section>
            <Card>
              <Text as="p" tone="subdued">
                {t("product.noProposals")}
              </Text>
            </Card>
          </Layout.Section>
        ) : (
          byLocale.map(([locale, group]) => (
            <Layout.Section key={locale}>
              <BlockStack gap="300">
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
                    onRegenerate={() => generate([proposal.locale], [proposal.field])}
                    onDiscard={() => applier.submit({ intent: "discard", proposalId: proposal.id }, { method: "post" })}
                  />
                ))}
              </BlockStack>
            </Layout.Section>
          ))
        )}
        <Layout.Section>
          <HistoryCard history={workspace.history} onRevert={(revisionId) => applier.submit({ intent: "revert", revisionId }, { method: "post" })} busy={applier.state !== "idle"} />
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
  onRegenerate: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation();
  const { proposal } = props;
  const limit = LIMITS[proposal.field];
  const length = [...props.value].length;
  const label = proposal.field === "altText" ? `${t("product.fields.altText")} · ${proposal.resourceId.split("/").pop()}` : t(`product.fields.${proposal.field}`);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Checkbox label={label} checked={props.selected} onChange={props.onSelect} />
          <InlineStack gap="200">
            <Badge>{`${proposal.backendId} · ${proposal.modelId}`}</Badge>
            <Button size="slim" onClick={props.onRegenerate}>
              {t("product.regenerate")}
            </Button>
            <Button size="slim" variant="plain" tone="critical" onClick={props.onDiscard}>
              {t("product.discard")}
            </Button>
          </InlineStack>
        </InlineStack>
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
          <BlockStack gap="100">
            <TextField
              label={`${t("product.proposed")}: ${label}`}
              value={props.value}
              onChange={props.onChange}
              autoComplete="off"
              multiline={proposal.field === "descriptionHtml" ? 6 : proposal.field === "metaDescription" ? 3 : false}
              helpText={limit ? t("product.characters", { count: length, limit }) : undefined}
              error={limit && length > limit ? t("product.issues.too_long", { limit, length }) : undefined}
            />
          </BlockStack>
        </InlineGrid>
        {proposal.warnings.length > 0 ? (
          <Banner tone="warning">
            <List>
              {proposal.warnings.map((issue, index) => (
                <List.Item key={index}>{t(`product.issues.${issue.code}`, issue.params)}</List.Item>
              ))}
            </List>
          </Banner>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function HistoryCard({ history, onRevert, busy }: { history: Workspace["history"]; onRevert: (id: string) => void; busy: boolean }) {
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
                  {revision.revertOfId ? t("product.revertEntry") : revision.source} — “{(revision.previousValue ?? "∅").slice(0, 80)}” → “{(revision.newValue ?? "∅").slice(0, 80)}”
                </Text>
              </BlockStack>
              {revision.revertOfId || revision.revertedAt ? (
                <Badge>{revision.revertedAt ? t("product.revertedBadge") : t("product.revertBadge")}</Badge>
              ) : (
                <Button size="slim" disabled={busy} onClick={() => onRevert(revision.id)}>
                  {t("product.revert")}
                </Button>
              )}
            </InlineStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}
