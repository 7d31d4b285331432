import { z } from "zod";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadShopOverview } from "~/catalog/shop-overview.server";
import { loadCopySettings } from "~/copy/settings";
import type { Database } from "~/db/client.server";
import { jsonField } from "~/http/bad-request.server";
import { loadBackendChoices } from "~/models/backend-choices.server";
import { applyColumn, createComparison, deleteComparison, estimateComparison, listComparisons, runComparison, adoptColumn, voteWinner } from "./service.server";
import { COMPARE_MAX_PRODUCTS, comparisonActionSchema, compareEstimateInputSchema, compareStartInputSchema, type ComparisonAction } from "./types";

/**
 * The compare pages' edges: what the start page loads (models to pick, products preselected from
 * the URL, the shop's languages, the history), and the intents both pages post, parsed with zod.
 */

/**
 * `?ids=1,2,3`: numeric product ids preselected (a product page's "Compare models" passes its product,
 * the Products page's selection up to 20). A repeated id counts once; more than 20 is refused, not cut.
 */
export const compareQuerySchema = z.object({
  ids: z
    .string()
    .max(COMPARE_MAX_PRODUCTS * 21 * 2, "too long")
    .regex(/^\d{1,20}(,\d{1,20})*$/, "comma-separated numeric product ids")
    .transform((text) => [...new Set(text.split(","))])
    .refine((ids) => ids.length <= COMPARE_MAX_PRODUCTS, `at most ${COMPARE_MAX_PRODUCTS} products`)
    .optional(),
});

export async function loadCompareStart(admin: AdminGraphql, database: Database, shop: string, query: z.infer<typeof compareQuerySchema>) {
  const ids = (query.ids ?? []).map((id) => `gid://shopify/Product/${id}`);
  const [overview, copySettings, choices, indexed, history] = await Promise.all([
    loadShopOverview(admin),
    loadCopySettings(database, shop),
    loadBackendChoices(database, shop),
    ids.length > 0 ? database.catalogProduct.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, title: true } }) : Promise.resolve([]),
    listComparisons(database, shop),
  ]);
  const primary = overview.shopLocales.find((locale) => locale.primary)?.locale ?? "en";
  const published = overview.shopLocales.filter((locale) => locale.published || locale.primary).map((locale) => locale.locale);
  const titles = new Map(indexed.map((row) => [row.productId, row.title]));
  return {
    preselected: ids.map((id) => ({ id, title: titles.get(id) ?? "" })),
    locales: [primary, ...published.filter((locale) => locale !== primary)],
    defaults: { fields: copySettings.fields.filter((field) => field !== "altText").slice(0, 3), locale: primary },
    primary: choices.primary,
    backends: choices.backends,
    backendWordings: choices.backendWordings,
    history,
  };
}

export type CompareStartData = Awaited<ReturnType<typeof loadCompareStart>>;

export const compareStartIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("estimate"), payload: z.string().max(20_000).transform(jsonField).pipe(compareEstimateInputSchema) }),
  z.object({ intent: z.literal("start"), payload: z.string().max(20_000).transform(jsonField).pipe(compareStartInputSchema) }),
]);

/**
 * Estimate, or store the comparison and start it without waiting: the page polls its state. The run
 * reports its own failures per product; what escapes it (the process's database gone) is logged.
 */
export async function runCompareStartIntent(admin: AdminGraphql, database: Database, input: { shop: string; actor: string; intent: z.infer<typeof compareStartIntentSchema> }) {
  const { shop, actor, intent } = input;
  if (intent.intent === "estimate") return { intent: intent.intent, estimate: await estimateComparison(admin, database, shop, intent.payload) };
  const { id } = await createComparison(database, shop, actor, intent.payload);
  void runComparison(admin, database, shop, id).catch((error: unknown) => console.error(`comparison ${id} stopped`, error));
  return { intent: intent.intent, id };
}

export const comparisonIntentSchema = z.object({ payload: z.string().max(2_000).transform(jsonField).pipe(comparisonActionSchema) });

export async function runComparisonIntent(admin: AdminGraphql, database: Database, input: { shop: string; actor: string; comparisonId: string; action: ComparisonAction }) {
  const { shop, comparisonId, action } = input;
  switch (action.intent) {
    case "vote":
      await voteWinner(database, shop, comparisonId, action);
      return { intent: action.intent, ok: true as const };
    case "use":
      await adoptColumn(database, shop, comparisonId, action);
      return { intent: action.intent, ok: true as const, as: action.as };
    case "apply":
      return { intent: action.intent, ok: true as const, productId: action.productId, column: action.column, apply: await applyColumn(admin, database, shop, comparisonId, { ...action, actor: input.actor }) };
    case "delete":
      await deleteComparison(database, shop, comparisonId);
      return { intent: action.intent, ok: true as const };
  }
}
