import type { AdminGraphql } from "~/catalog/admin-client.server";
import { COPY_FIELDS } from "~/copy/types";
import type { Database } from "~/db/client.server";
import { loadStartForm } from "~/jobs/start-form.server";
import { estimateJob, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import type { StartJobInput } from "~/jobs/types";
import type { BulkFormBody, EstimateBody, StartedJobBody } from "./contract";

/**
 * The product list's "Write copy with Plume" action: the same start form, estimate and
 * start as the app's "write copy in bulk" page (app/jobs), answered as JSON for the
 * extension. The selection arrives as product ids and goes to the job as they are: the
 * job creates its items page by page; nothing here loops over the products.
 */
export async function bulkForm(admin: AdminGraphql, database: Database, shop: string): Promise<BulkFormBody> {
  const form = await loadStartForm(admin, database, shop, { kind: "all" });
  return {
    ok: true,
    fields: [...COPY_FIELDS],
    defaults: { fields: form.defaults.fields, locales: form.defaults.locales, mode: "review" },
    model: form.model,
    backends: form.backends.map((backend) => ({ id: backend.id, label: backend.label, suggestedModels: backend.suggestedModels, ready: backend.ready })),
  };
}

export async function bulkEstimate(deps: JobServiceDependencies, admin: AdminGraphql, shop: string, input: StartJobInput): Promise<EstimateBody> {
  return { ok: true, ...(await estimateJob(deps, admin, shop, input)) };
}

export async function bulkStart(deps: JobServiceDependencies, admin: AdminGraphql, input: { shop: string; actor: string; job: StartJobInput }): Promise<StartedJobBody> {
  const job = await startJob(deps, admin, input);
  return { ok: true, job: { id: job.id, status: job.status, total: job.total, mode: job.mode }, jobPath: `/app/jobs/${job.id}` };
}
