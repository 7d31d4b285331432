import { z } from "zod";
import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadShopOverview } from "~/catalog/shop-overview.server";
import { loadCopySettings } from "~/copy/settings";
import type { Database } from "~/db/client.server";
import { jsonField } from "~/http/bad-request.server";
import { loadBackendChoices } from "~/models/backend-choices.server";
import { countSelection } from "./selection.server";
import { jobFilterSchema, MAX_SELECTION_IDS, startJobInputSchema, type JobSelection } from "./types";

/**
 * The "write copy in bulk" page: which products (from the Products page's selection, its
 * filter over the whole index, or the whole catalog, carried in the URL), and the choices a
 * job takes, with the shop's defaults.
 */

/** The selection in the page's URL: `?ids=1,2,3` (numeric ids), `?scope=filter&missing=…`, or `?scope=all`. */
export const startSelectionQuerySchema = jobFilterSchema
  .extend({
    scope: z.enum(["ids", "filter", "all"]).default("ids"),
    ids: z
      .string()
      .max(MAX_SELECTION_IDS * 21)
      .regex(/^\d{1,20}(,\d{1,20})*$/, "comma-separated numeric product ids")
      .optional(),
  })
  .transform((query, context): JobSelection => {
    if (query.scope === "all") return { kind: "all" };
    if (query.scope === "filter") {
      const { scope: _scope, ids: _ids, ...filter } = query;
      return { kind: "filter", filter };
    }
    const ids = query.ids ? [...new Set(query.ids.split(","))] : [];
    if (ids.length === 0 || ids.length > MAX_SELECTION_IDS) {
      context.addIssue({ code: "custom", path: ["ids"], message: `between 1 and ${MAX_SELECTION_IDS} product ids` });
      return z.NEVER;
    }
    return { kind: "ids", ids: ids.map((id) => `gid://shopify/Product/${id}`) };
  });

export async function loadStartForm(admin: AdminGraphql, database: Database, shop: string, selection: JobSelection) {
  const [overview, copySettings, choices, selected, catalog] = await Promise.all([
    loadShopOverview(admin),
    loadCopySettings(database, shop),
    loadBackendChoices(database, shop),
    countSelection(database, shop, selection),
    countSelection(database, shop, { kind: "all" }),
  ]);
  const primary = overview.shopLocales.find((locale) => locale.primary)?.locale ?? "en";
  const published = overview.shopLocales.filter((locale) => locale.published || locale.primary).map((locale) => locale.locale);
  return {
    selection,
    counts: { selected, catalog },
    locales: { primary, published: [primary, ...published.filter((locale) => locale !== primary)] },
    defaults: {
      fields: copySettings.fields,
      locales: [primary, ...copySettings.translationLocales.filter((locale) => published.includes(locale) && locale !== primary)],
    },
    model: choices.primary,
    backends: choices.backends,
  };
}

export type StartForm = Awaited<ReturnType<typeof loadStartForm>>;

/** What the page posts: estimate or start, with the job as JSON. */
export const startIntentSchema = z.object({
  intent: z.enum(["estimate", "start"]),
  payload: z.string().max(300_000).transform(jsonField).pipe(startJobInputSchema),
});
