/** @jsxImportSource preact */
import type { I18n } from "@shopify/ui-extensions/admin";
import { useEffect, useState } from "preact/hooks";
import type { ProductCopyBody, ProductCopyRow } from "../../../app/admin-extensions/contract";
import { appLink, callBackend } from "../../../app/admin-extensions/client";

/**
 * The product page's Plume panel, in the action's modal and in the block: generate for this
 * product with the shop's copy settings, each pending proposal beside what Shopify holds now,
 * Apply per field (through the same checks and write policy as the app), or open the product
 * in Plume for translations, edits and history.
 */
interface Failure {
  error: string;
  params: Record<string, string | number>;
}

export interface ProductCopyProps {
  i18n: I18n;
  /** the product's GID, from the target's `data.selected` */
  productId: string;
  /** where the state's controls go: the action's footer buttons, or the block's own row */
  frame: "action" | "block";
  close?: () => void;
}

const numericId = (gid: string) => gid.replace(/^gid:\/\/shopify\/Product\//, "");

export function ProductCopy({ i18n, productId, frame, close }: ProductCopyProps) {
  const t = (key: string, options?: Record<string, string | number>) => i18n.translate(key, options);
  const path = `/api/extension/product/${numericId(productId)}`;
  const [view, setView] = useState<ProductCopyBody | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<"loading" | "generating" | string | null>("loading");

  const words = (entry: Failure) => t(`errors.${entry.error}`, entry.params);

  async function run(kind: string, init?: { method: "POST"; body: unknown }) {
    setBusy(kind);
    setFailure(null);
    const answer = await callBackend<ProductCopyBody>(path, init);
    setBusy(null);
    if (answer.ok) setView(answer.body);
    else setFailure(answer);
  }

  useEffect(() => {
    void run("loading");
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per product
  }, [path]);

  const generate = () => void run("generating", { method: "POST", body: { intent: "generate" } });
  const apply = (rows: ProductCopyRow[]) => void run(rows.length === 1 ? rows[0]!.proposalId : "all", { method: "POST", body: { intent: "apply", proposalIds: rows.map((row) => row.proposalId) } });

  const fieldLabel = (row: ProductCopyRow) => (row.imagePosition === null ? t(`fields.${row.field}`) : t("fields.altText_image", { position: row.imagePosition }));
  const appliedWords = (proposalId: string) => {
    const entry = view?.applied?.find((result) => result.proposalId === proposalId);
    return entry ? t(`applied.${entry.status}`, { reason: entry.reason ? t(`reasons.${entry.reason}`) : "" }) : null;
  };
  const rows = view?.rows ?? [];
  // Outcomes of proposals no longer pending (kept the existing text, or written): said once, above the list.
  const settled = (view?.applied ?? []).filter((entry) => entry.status !== "written" && !rows.some((row) => row.proposalId === entry.proposalId));
  const generateButton = (
    <s-button variant={rows.length === 0 ? "primary" : "secondary"} loading={busy === "generating"} disabled={busy !== null} onClick={generate}>
      {t(rows.length === 0 ? "generate" : "regenerate")}
    </s-button>
  );
  const openLink = view && <s-link href={appLink(view.productPath)}>{t("open_in_plume")}</s-link>;

  const content = (
    <s-stack direction="block" gap="base">
      {failure && (
        <s-banner tone="critical" heading={t("failed")}>
          {words(failure)}
        </s-banner>
      )}
      {view?.applied?.some((entry) => entry.status === "written") && <s-banner tone="success">{t("applied.done", { count: view.applied.filter((entry) => entry.status === "written").length })}</s-banner>}
      {settled.length > 0 && (
        <s-banner tone="warning">
          <s-stack direction="block" gap="small-200">
            {settled.map((entry) => (
              <s-text key={entry.proposalId}>{`${t(`fields.${entry.field}`)} · ${appliedWords(entry.proposalId) ?? ""}`}</s-text>
            ))}
          </s-stack>
        </s-banner>
      )}
      {view?.generated && !view.generated.ok && (
        <s-banner tone="warning" heading={t("generation.failed")}>
          {t(`generation.${view.generated.error ?? "unknown"}`)}
        </s-banner>
      )}
      {view?.generated?.ok && view.generated.rejected > 0 && <s-banner tone="warning">{t("generation.rejected", { count: view.generated.rejected })}</s-banner>}
      {view && <s-text tone="neutral">{t("settings", { count: view.settings.fields.length, fields: view.settings.fields.map((field) => t(`fields.${field}`)).join(", "), locale: view.settings.locale })}</s-text>}
      {view && rows.length === 0 && <s-paragraph>{t("empty")}</s-paragraph>}
      {rows.map((row) => (
        <s-box key={row.proposalId} padding="small" border="base" border-radius="base">
          <s-stack direction="block" gap="small-200">
            <s-stack direction="inline" gap="small-200" align-items="center">
              <s-heading>{fieldLabel(row)}</s-heading>
              {row.warnings.length > 0 && <s-badge tone="warning">{t("warnings", { count: row.warnings.length })}</s-badge>}
            </s-stack>
            <s-text type="strong">{t("current")}</s-text>
            <s-paragraph>{row.current === "" ? t("blank") : row.current}</s-paragraph>
            <s-text type="strong">{t("proposed")}</s-text>
            <s-paragraph>{row.proposed}</s-paragraph>
            {appliedWords(row.proposalId) && <s-text tone="critical">{appliedWords(row.proposalId)}</s-text>}
            <s-stack direction="inline" gap="small-200">
              <s-button variant="primary" loading={busy === row.proposalId} disabled={busy !== null} onClick={() => apply([row])} accessibilityLabel={t("apply_field", { field: fieldLabel(row) })}>
                {t("apply")}
              </s-button>
            </s-stack>
          </s-stack>
        </s-box>
      ))}
      {frame === "block" && (
        <s-stack direction="inline" gap="base" align-items="center">
          {generateButton}
          {openLink}
        </s-stack>
      )}
      {frame === "action" && openLink}
    </s-stack>
  );

  if (frame === "block") {
    return (
      <s-admin-block heading={t("block_heading")} collapsed-summary={view ? t("summary", { count: rows.length }) : undefined}>
        {content}
      </s-admin-block>
    );
  }
  return (
    <s-admin-action heading={view ? t("action_heading", { title: view.product.title }) : t("block_heading")} loading={busy === "loading"}>
      {content}
      <s-button slot="primary-action" variant="primary" loading={busy === "generating" || busy === "all"} disabled={busy !== null} onClick={rows.length > 0 ? () => apply(rows) : generate}>
        {t(rows.length > 0 ? "apply_all" : "generate")}
      </s-button>
      {rows.length > 0 && (
        <s-button slot="secondary-actions" disabled={busy !== null} onClick={generate}>
          {t("regenerate")}
        </s-button>
      )}
      <s-button slot="secondary-actions" onClick={() => close?.()}>
        {t("close")}
      </s-button>
    </s-admin-action>
  );
}
