import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import { AdminApiError } from "~/catalog/admin-client.server";
import { readTranslations, registerTranslation, removeTranslation, ShopifyUserError, updateImageAlt, updateProductCopy, type TranslationState } from "~/catalog/product-writes.server";
import type { Database } from "~/db/client.server";
import type { CopySettings } from "./settings";
import type { CopyField } from "./types";

/**
 * Writing copy to Shopify. Only validated, sanitised values arrive here. The
 * shop's policy decides whether existing copy may be overwritten. Before each
 * write the value being replaced is stored as a Revision, so every write can
 * be reverted exactly — even after several later writes — by revertRevision.
 */
export interface ApprovedValue {
  field: CopyField;
  locale: string;
  resourceId: string;
  value: string;
}

/** Why a value was not written although nothing went wrong. */
export type SkipReason = "not_blank" | "unchanged" | "no_source";
/** Why writing a value failed: Shopify refused it, or the Admin API call failed. */
export type FailureReason = "shopify_refused" | "admin_error";

export type ValueResult =
  | (ApprovedValue & { status: "written"; revisionId: string })
  | (ApprovedValue & { status: "skipped"; reason: SkipReason })
  | (ApprovedValue & { status: "failed"; reason: FailureReason; message: string; userErrors?: ShopifyUserError["userErrors"] });

export interface ApplyOutcome {
  /** One entry per value, in the order given. */
  results: ValueResult[];
  applied: Array<ApprovedValue & { revisionId: string }>;
  skipped: Array<ApprovedValue & { reason: SkipReason }>;
  failed: Array<ApprovedValue & { reason: FailureReason; message: string }>;
}

export class ForeignImageError extends Error {
  override name = "ForeignImageError";
}

/** Translation keys Shopify uses for each field. */
const TRANSLATION_KEYS: Record<CopyField, string> = {
  descriptionHtml: "body_html",
  seoTitle: "meta_title",
  metaDescription: "meta_description",
  altText: "alt",
};

function currentPrimaryValue(product: ProductSnapshot, field: CopyField, resourceId: string): string {
  switch (field) {
    case "descriptionHtml":
      return product.descriptionHtml;
    case "seoTitle":
      return product.seoTitle;
    case "metaDescription":
      return product.metaDescription;
    case "altText":
      return product.images.find((image) => image.id === resourceId)?.alt ?? "";
  }
}

async function writePrimary(admin: AdminGraphql, product: ProductSnapshot, field: CopyField, resourceId: string, value: string) {
  switch (field) {
    case "descriptionHtml":
      return updateProductCopy(admin, product.id, { descriptionHtml: value });
    // Only the field being written: SEOInput's fields are optional and an omitted one keeps its stored
    // value (2026-10 schema), so re-sending the other from a snapshot would undo a concurrent write to it.
    case "seoTitle":
      return updateProductCopy(admin, product.id, { seo: { title: value } });
    case "metaDescription":
      return updateProductCopy(admin, product.id, { seo: { description: value } });
    case "altText":
      return updateImageAlt(admin, resourceId, value);
  }
}

/**
 * Writes each value and reports each one: written, skipped with a reason
 * (policy, unchanged, a translation whose source field is blank) or failed
 * with Shopify's reason. Everything that can be known before writing is
 * checked first (images belong to the product, translations have a source
 * digest), so a value that cannot be written never stops the others.
 * `onResult` runs after each value, so a caller can record progress as it
 * happens rather than after the whole batch.
 */
export async function applyValues(
  admin: AdminGraphql,
  database: Database,
  input: {
    shop: string;
    productId: string;
    values: ApprovedValue[];
    writePolicy: CopySettings["writePolicy"];
    source: string;
    actor: string;
    onResult?: (result: ValueResult, index: number) => Promise<void>;
  },
): Promise<ApplyOutcome> {
  let product = await loadProductSnapshot(admin, input.productId);
  for (const approved of input.values) {
    if (approved.field === "altText" && !product.images.some((image) => image.id === approved.resourceId)) {
      throw new ForeignImageError(`image ${approved.resourceId} does not belong to product ${product.id}`);
    }
  }
  // Translation state per resource and locale, read once up front: the source digest a translation needs.
  const translationStates = new Map<string, TranslationState>();
  const translationsOf = async (resourceId: string, locale: string) => {
    const key = `${resourceId}|${locale}`;
    const known = translationStates.get(key);
    if (known) return known;
    const state = await readTranslations(admin, resourceId, locale);
    translationStates.set(key, state);
    return state;
  };
  for (const approved of input.values) {
    if (approved.locale !== product.primaryLocale) await translationsOf(approved.field === "altText" ? approved.resourceId : product.id, approved.locale);
  }

  const results: ValueResult[] = [];
  for (const [index, approved] of input.values.entries()) {
    const result = await applyOne(admin, database, input, product, approved, translationsOf);
    if (result.status === "written" && approved.locale === product.primaryLocale) product = await loadProductSnapshot(admin, product.id);
    results.push(result);
    await input.onResult?.(result, index);
  }
  return {
    results,
    applied: results.flatMap((result) => (result.status === "written" ? [{ ...valueOf(result), revisionId: result.revisionId }] : [])),
    skipped: results.flatMap((result) => (result.status === "skipped" ? [{ ...valueOf(result), reason: result.reason }] : [])),
    failed: results.flatMap((result) => (result.status === "failed" ? [{ ...valueOf(result), reason: result.reason, message: result.message }] : [])),
  };
}

function valueOf(result: ValueResult): ApprovedValue {
  return { field: result.field, locale: result.locale, resourceId: result.resourceId, value: result.value };
}

async function applyOne(
  admin: AdminGraphql,
  database: Database,
  input: { shop: string; writePolicy: CopySettings["writePolicy"]; source: string; actor: string },
  product: ProductSnapshot,
  approved: ApprovedValue,
  translationsOf: (resourceId: string, locale: string) => Promise<TranslationState>,
): Promise<ValueResult> {
  const isPrimary = approved.locale === product.primaryLocale;
  const targetResource = approved.field === "altText" ? approved.resourceId : product.id;
  const key = TRANSLATION_KEYS[approved.field];
  let previous: string | null;
  let digest: string | undefined;
  if (isPrimary) {
    previous = currentPrimaryValue(product, approved.field, approved.resourceId);
    if (input.writePolicy === "fill_blanks" && previous.trim() !== "") return { ...approved, status: "skipped", reason: "not_blank" };
  } else {
    const state = await translationsOf(targetResource, approved.locale);
    const existing = state.current[key];
    previous = existing?.value ?? null;
    digest = state.digests[key];
    // Shopify translates source content: a blank source field has no digest and nothing to translate.
    if (!digest) return { ...approved, status: "skipped", reason: "no_source" };
    if (input.writePolicy === "fill_blanks" && existing?.value && !existing.outdated) return { ...approved, status: "skipped", reason: "not_blank" };
  }
  if (previous === approved.value) return { ...approved, status: "skipped", reason: "unchanged" };

  const revision = await database.revision.create({
    data: {
      shop: input.shop,
      productId: product.id,
      field: approved.field,
      locale: approved.locale,
      resourceId: approved.field === "altText" ? approved.resourceId : "",
      previousValue: previous,
      newValue: approved.value,
      source: input.source,
      actor: input.actor,
    },
  });
  try {
    if (isPrimary) await writePrimary(admin, product, approved.field, approved.resourceId, approved.value);
    else if (digest) await registerTranslation(admin, targetResource, { key, locale: approved.locale, value: approved.value, digest });
  } catch (error) {
    // Nothing was written: the revision must not claim otherwise.
    await database.revision.delete({ where: { id: revision.id } });
    if (error instanceof ShopifyUserError) {
      return { ...approved, status: "failed", reason: "shopify_refused", message: error.userErrors.map((userError) => userError.message).join(" "), userErrors: error.userErrors };
    }
    if (error instanceof AdminApiError) return { ...approved, status: "failed", reason: "admin_error", message: error.message };
    throw error;
  }
  return { ...approved, status: "written", revisionId: revision.id };
}

export class RevisionNotFoundError extends Error {
  override name = "RevisionNotFoundError";
}

/** Puts back the value a revision replaced; the revert is itself a revision. */
export async function revertRevision(admin: AdminGraphql, database: Database, input: { shop: string; revisionId: string; actor: string }) {
  // Tenant scope: a shop can only revert its own writes.
  const revision = await database.revision.findFirst({ where: { id: input.revisionId, shop: input.shop } });
  if (!revision) throw new RevisionNotFoundError(`revision ${input.revisionId} not found`);
  const product = await loadProductSnapshot(admin, revision.productId);
  const field = revision.field as CopyField;
  const isPrimary = revision.locale === product.primaryLocale;
  const targetResource = field === "altText" ? revision.resourceId : product.id;
  let current: string | null;
  if (isPrimary) {
    current = currentPrimaryValue(product, field, revision.resourceId);
    await writePrimary(admin, product, field, revision.resourceId, revision.previousValue ?? "");
  } else {
    const key = TRANSLATION_KEYS[field];
    const state = await readTranslations(admin, targetResource, revision.locale);
    current = state.current[key]?.value ?? null;
    if (revision.previousValue === null) await removeTranslation(admin, targetResource, key, revision.locale);
    else {
      const digest = state.digests[key];
      if (!digest) throw new Error(`${field} has no source content on ${targetResource}`);
      await registerTranslation(admin, targetResource, { key, locale: revision.locale, value: revision.previousValue, digest });
    }
  }
  const [revert] = await database.$transaction([
    database.revision.create({
      data: {
        shop: input.shop,
        productId: revision.productId,
        field: revision.field,
        locale: revision.locale,
        resourceId: revision.resourceId,
        previousValue: current,
        newValue: revision.previousValue,
        source: "revert",
        actor: input.actor,
        revertOfId: revision.id,
      },
    }),
    database.revision.update({ where: { id: revision.id }, data: { revertedAt: new Date() } }),
  ]);
  return revert;
}

export async function productHistory(database: Database, shop: string, productId: string, take = 50) {
  return database.revision.findMany({ where: { shop, productId }, orderBy: { createdAt: "desc" }, take });
}
