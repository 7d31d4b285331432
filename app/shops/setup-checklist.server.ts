import { catalogHealth } from "~/catalog/catalog-index.server";
import { loadCopySettings } from "~/copy/settings";
import type { Database } from "~/db/client.server";
import { loadModelSettings } from "~/models/settings.server";

/**
 * What a new shop still has to do before Plume earns its keep, read from the shop's own
 * data (never a stored "dismissed" flag that can go stale), and the catalog's health once
 * it is indexed. Every query is scoped to the shop.
 */
export type SetupStepId = "backend" | "brandVoice" | "firstProduct" | "firstJob";

export interface SetupStep {
  id: SetupStepId;
  done: boolean;
  /** Where the merchant does it. */
  url: string;
}

export interface SetupChecklist {
  steps: SetupStep[];
  /** The Products index's health summary, or null while the catalog has never been indexed. */
  health: Awaited<ReturnType<typeof catalogHealth>> | null;
}

export async function loadSetupChecklist(database: Database, shop: string): Promise<SetupChecklist> {
  const [model, copy, firstWrite, firstJob, sync] = await Promise.all([
    loadModelSettings(database, shop),
    loadCopySettings(database, shop),
    database.revision.findFirst({ where: { shop, revertOfId: null, status: "written" }, select: { id: true } }),
    database.job.findFirst({ where: { shop }, select: { id: true } }),
    database.catalogSync.findUnique({ where: { shop }, select: { status: true } }),
  ]);
  // Templates is the default, not a choice: the step is done when an AI backend (or a
  // self-hosted one) is primary and its last connection test passed.
  const connection =
    model.primary.backendId === "templates"
      ? null
      : await database.backendConnection.findUnique({ where: { shop_backendId: { shop, backendId: model.primary.backendId } }, select: { lastTestOutcome: true } });
  const steps: SetupStep[] = [
    { id: "backend", done: connection?.lastTestOutcome === "ok", url: "/app/settings" },
    { id: "brandVoice", done: copy.brandVoice.trim() !== "" || copy.exampleCopy.trim() !== "", url: "/app/settings/copy" },
    { id: "firstProduct", done: firstWrite !== null, url: "/app/products" },
    { id: "firstJob", done: firstJob !== null, url: "/app/products?missing=metaDescription" },
  ];
  const indexed = sync?.status === "completed";
  return { steps, health: indexed ? await catalogHealth(database, shop) : null };
}
