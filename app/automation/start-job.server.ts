import type { AdminGraphql } from "~/catalog/admin-client.server";
import { loadShopOverview } from "~/catalog/shop-overview.server";
import { loadCopySettings } from "~/copy/settings";
import type { CopyField } from "~/copy/types";
import { JobAlreadyStartedError } from "~/jobs/errors";
import { startJob, type JobServiceDependencies } from "~/jobs/service.server";
import type { JobMode, JobRequest, KeyedJobOrigin, StartJobInput } from "~/jobs/types";

/**
 * Jobs that start without a merchant in the app (a Flow action run, a new product): the shop's defaults
 * fill what the automation does not say, and the origin key makes a retry or a redelivery find the job
 * it started instead of starting another.
 */
export interface AutomatedJobInput {
  shop: string;
  productIds: string[];
  /** null: the shop's fields (Settings → Copy) */
  fields: CopyField[] | null;
  mode: JobMode;
  origin: KeyedJobOrigin;
  /** who the job history names */
  actor: string;
  model?: { backendId: string; modelId: string };
  writePolicy?: JobRequest["writePolicy"];
}

export async function startAutomatedJob(deps: JobServiceDependencies, admin: AdminGraphql, input: AutomatedJobInput): Promise<{ jobId: string; duplicate: boolean }> {
  const existing = await deps.database.job.findUnique({ where: { shop_originKey: { shop: input.shop, originKey: input.origin.key } }, select: { id: true } });
  if (existing) return { jobId: existing.id, duplicate: true };
  const [settings, overview] = await Promise.all([loadCopySettings(deps.database, input.shop), loadShopOverview(admin)]);
  const primary = overview.shopLocales.find((locale) => locale.primary)?.locale ?? "en";
  const published = overview.shopLocales.filter((locale) => locale.published).map((locale) => locale.locale);
  const job: StartJobInput = {
    request: {
      fields: input.fields ?? settings.fields,
      locales: [primary, ...settings.translationLocales.filter((locale) => locale !== primary && published.includes(locale))],
      ...(input.model ?? {}),
      ...(input.writePolicy ? { writePolicy: input.writePolicy } : {}),
    },
    selection: { kind: "ids", ids: input.productIds },
    mode: input.mode,
  };
  try {
    const summary = await startJob(deps, admin, { shop: input.shop, actor: input.actor, job, origin: input.origin });
    return { jobId: summary.id, duplicate: false };
  } catch (error) {
    if (error instanceof JobAlreadyStartedError) return { jobId: error.jobId, duplicate: true };
    throw error;
  }
}
