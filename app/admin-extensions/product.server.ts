import { z } from "zod";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadProductSnapshot, ProductNotFoundError, type ProductSnapshot } from "~/catalog/product-facts.server";
import { applyProposals, generateForProduct } from "~/copy/product-workflow.server";
import { descriptionHtmlToText } from "~/copy/sanitize.server";
import { loadCopySettings } from "~/copy/settings";
import { copyFieldSchema, type CopyField, type Issue } from "~/copy/types";
import type { Database } from "~/db/client.server";
import type { ProductCopyBody, ProductCopyRow } from "./contract";
import { ExtensionRefusal } from "./http.server";

/**
 * The product page's action and block: generate for this product with the shop's copy
 * settings (its fields, the store's main language, its backend), show each pending
 * proposal beside what Shopify holds now, and apply the ones the merchant picks. The
 * same workflow as the app's Product page (app/copy/product-workflow.server.ts): the
 * same checks, the same write policy, the same history and revert.
 */
export const productParamSchema = z.string().regex(/^\d{1,20}$/, "a numeric product id");

const proposalIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
export const productActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("generate") }),
  z.object({ intent: z.literal("apply"), proposalIds: z.array(proposalIdSchema).min(1).max(100) }),
]);
export type ProductAction = z.infer<typeof productActionSchema>;

/** Longest text shown per value: the modal shows a reading, the app's Product page the whole text. */
const SHOWN_CHARACTERS = 2_000;

function shown(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > SHOWN_CHARACTERS ? `${trimmed.slice(0, SHOWN_CHARACTERS - 1)}…` : trimmed;
}

function currentValue(product: ProductSnapshot, field: CopyField, resourceId: string): string {
  switch (field) {
    case "descriptionHtml":
      return product.descriptionText;
    case "seoTitle":
      return product.seoTitle;
    case "metaDescription":
      return product.metaDescription;
    case "altText":
      return product.images.find((image) => image.id === resourceId)?.alt ?? "";
  }
}

async function snapshot(admin: AdminGraphql, productId: string): Promise<ProductSnapshot> {
  try {
    return await loadProductSnapshot(admin, productId);
  } catch (error) {
    if (error instanceof ProductNotFoundError) throw new ExtensionRefusal(404, "product_not_found", { productId });
    throw error;
  }
}

export async function productCopyView(admin: AdminGraphql, database: Database, shop: string, productId: string, product?: ProductSnapshot): Promise<ProductCopyBody> {
  const [read, settings, proposals] = await Promise.all([
    product ? Promise.resolve(product) : snapshot(admin, productId),
    loadCopySettings(database, shop),
    database.proposal.findMany({ where: { shop, productId, status: "pending" }, orderBy: { createdAt: "asc" } }),
  ]);
  // Only the main language's proposals: current values of translations are the app's Product page's job.
  const rows: ProductCopyRow[] = proposals
    .filter((row) => row.locale === read.primaryLocale)
    .map((row) => {
      const field = copyFieldSchema.parse(row.field);
      return {
        proposalId: row.id,
        field,
        locale: row.locale,
        resourceId: row.resourceId,
        imagePosition: field === "altText" ? (read.images.find((image) => image.id === row.resourceId)?.position ?? null) : null,
        current: shown(currentValue(read, field, row.resourceId)),
        proposed: shown(field === "descriptionHtml" ? descriptionHtmlToText(row.value) : row.value),
        warnings: (JSON.parse(row.warnings) as Issue[]).map((issue) => issue.code),
      };
    });
  return {
    ok: true,
    product: { id: read.id, title: read.title },
    settings: { fields: settings.fields, locale: read.primaryLocale, writePolicy: settings.writePolicy },
    rows,
    productPath: `/app/products/${productId.replace(/^gid:\/\/shopify\/Product\//, "")}`,
  };
}

export async function runProductAction(admin: AdminGraphql, database: Database, input: { shop: string; productId: string; actor: string; action: ProductAction }): Promise<ProductCopyBody> {
  const { shop, productId, actor, action } = input;
  if (action.intent === "generate") {
    const [product, settings] = await Promise.all([snapshot(admin, productId), loadCopySettings(database, shop)]);
    const outcome = await generateForProduct(admin, database, shop, productId, { fields: settings.fields, locales: [product.primaryLocale] });
    return {
      ...(await productCopyView(admin, database, shop, productId, product)),
      generated: { ok: outcome.ok, error: outcome.error?.kind ?? null, rejected: outcome.rejected.length },
    };
  }
  const rows = await database.proposal.findMany({ where: { shop, productId, status: "pending", id: { in: action.proposalIds } }, select: { id: true, value: true } });
  if (rows.length === 0) throw new ExtensionRefusal(409, "nothing_to_apply");
  // The stored values as they are: the extension shows them, it does not edit them.
  const result = await applyProposals(admin, database, shop, productId, { selections: rows.map((row) => ({ proposalId: row.id, value: row.value })) }, actor);
  return {
    ...(await productCopyView(admin, database, shop, productId)),
    applied: result.results.map((entry) => ({
      proposalId: entry.proposalId,
      field: entry.field,
      status: entry.status,
      reason: entry.status === "skipped" || entry.status === "failed" ? entry.reason : entry.status === "refused" ? (entry.issues[0]?.code ?? null) : null,
    })),
  };
}
