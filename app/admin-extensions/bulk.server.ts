import type { AdminGraphql } from "~/catalog/admin-client.server";
import { COPY_FIELDS } from "~/copy/types";
import { BadRequestError, fieldErrors } from "~/http/bad-request.server";
import type { Database } from "~/db/client.server";
import { loadStartForm } from "~/jobs/start-form.server";
import { estimateJob, startJob, type JobServiceDependencies } from "~/jobs/service.server";
import { readJson } from "~/jobs/http.server";
import { MAX_SELECTION_IDS, startJobInputSchema, type StartJobInput } from "~/jobs/types";
import { z } from "zod";
import { ExtensionRefusal } from "./http.server";
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

/**
 * The job the extension posts. A selection longer than a job takes as a list is refused with
 * the limit (the merchant selects fewer, or uses a filter in the app), not as malformed input.
 */
export async function readBulkJob(request: Request): Promise<StartJobInput> {
  const body = await readJson(request, z.unknown());
  const ids = z.object({ selection: z.object({ ids: z.array(z.unknown()) }) }).safeParse(body);
  if (ids.success && ids.data.selection.ids.length > MAX_SELECTION_IDS) throw new ExtensionRefusal(400, "too_many_products", { max: MAX_SELECTION_IDS, selected: ids.data.selection.ids.length });
  const parsed = startJobInputSchema.safeParse(body);
  if (!parsed.success) throw new BadRequestError("invalid_input", fieldErrors(parsed.error), { cause: parsed.error });
  return parsed.data;
}

export async function bulkEstimate(deps: JobServiceDependencies, admin: AdminGraphql, shop: string, input: StartJobInput): Promise<EstimateBody> {
  return { ok: true, ...(await estimateJob(deps, admin, shop, input)) };
}

export async function bulkStart(deps: JobServiceDependencies, admin: AdminGraphql, input: { shop: string; actor: string; job: StartJobInput }): Promise<StartedJobBody> {
  const job = await startJob(deps, admin, { ...input, origin: { kind: "admin_action" } });
  return { ok: true, job: { id: job.id, status: job.status, total: job.total, mode: job.mode }, jobPath: `/app/jobs/${job.id}` };
}
