import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, type ProductSnapshot } from "~/catalog/product-facts.server";
import { readTranslations, registerTranslation, removeTranslation, updateImageAlt, updateProductCopy } from "~/catalog/product-writes.server";
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

export interface ApplyOutcome {
  applied: Array<ApprovedValue & { revisionId: string }>;
  skipped: Array<ApprovedValue & { reason: "not_blank" | "unchanged" }>;
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

export async function applyValues(
  admin: AdminGraphql,
  database: Database,
  input: { shop: string; productId: string; values: ApprovedValue[]; writePolicy: CopySettings["writePolicy"]; source: string; actor: string },
): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { applied: [], skipped: [] };
  let product = await loadProductSnapshot(admin, input.productId);
  for (const approved of input.values) {
    if (approved.field === "altText" && !product.images.some((image) => image.id === approved.resourceId)) {
      throw new Error(`image ${approved.resourceId} does not belong to product ${product.id}`);
    }
    const isPrimary = approved.locale === product.primaryLocale;
    const targetResource = approved.field === "altText" ? approved.resourceId : product.id;
    let previous: string | null;
    if (isPrimary) {
      previous = currentPrimaryValue(product, approved.field, approved.resourceId);
    } else {
      const state = await readTranslations(admin, targetResource, approved.locale);
      const existing = state.current[TRANSLATION_KEYS[approved.field]];
      previous = existing?.value ?? null;
      if (input.writePolicy === "fill_blanks" && existing?.value && !existing.outdated) {
        outcome.skipped.push({ ...approved, reason: "not_blank" });
        continue;
      }
    }
    if (isPrimary && input.writePolicy === "fill_blanks" && (previous ?? "").trim() !== "") {
      outcome.skipped.push({ ...approved, reason: "not_blank" });
      continue;
    }
    if (previous === approved.value) {
      outcome.skipped.push({ ...approved, reason: "unchanged" });
      continue;
    }
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
      if (isPrimary) {
        await writePrimary(admin, product, approved.field, approved.resourceId, approved.value);
        product = await loadProductSnapshot(admin, product.id);
      } else {
        const state = await readTranslations(admin, targetResource, approved.locale);
        const key = TRANSLATION_KEYS[approved.field];
        const digest = state.digests[key];
        if (!digest) throw new Error(`${approved.field} has no source content to translate on ${targetResource}`);
        await registerTranslation(admin, targetResource, { key, locale: approved.locale, value: approved.value, digest });
      }
    } catch (error) {
      // Nothing was written: the revision must not claim otherwise.
      await database.revision.delete({ where: { id: revision.id } });
      throw error;
    }
    outcome.applied.push({ ...approved, revisionId: revision.id });
  }
  return outcome;
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
